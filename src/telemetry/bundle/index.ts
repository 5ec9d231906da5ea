export { BundleCaseSchema, type BundleCase } from './bundle-case-schema';
export { loadBundle, openBundle, readBundleCase, type Bundle, type BundleFiles, type BundleLoadOptions } from './bundle-loader';
export { BundleSource, type BundleSourceOptions } from './bundle-source';
export { BundleTopologySchema, type BundleTopology } from './topology-reader';
export { BundleLimitsSchema, DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './bundle-limits';
