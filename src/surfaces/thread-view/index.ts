export * from './thread-view-schema';
export { ThreadViewBuilder } from './thread-view-builder';
export { rcaView, reportFileName, RcaViewSchema, type RcaView } from './rca-view';
export { CompactLayout, type CompactMessage, type LayoutStep } from './compact-layout';
export { plainFinding } from './plain-finding';
