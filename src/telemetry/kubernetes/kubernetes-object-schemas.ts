import { z } from 'zod';

/**
 * Minimal, lenient schemas of the Kubernetes objects the source reads: only the fields it uses,
 * every one optional where the API may omit it. Timestamps arrive as Date objects (deserialized by
 * `@kubernetes/client-node`) or RFC 3339 strings; both become epoch milliseconds.
 */

const TimeSchema = z
  .union([z.date(), z.string()])
  .nullish()
  .transform((value) => {
    if (value === null || value === undefined) return undefined;
    const ms = value instanceof Date ? value.getTime() : Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  });

const text = z.string().nullish().transform((value) => value ?? undefined);
const StringMapSchema = z.record(z.string(), z.string()).nullish().transform((value) => value ?? {});

export const OwnerReferenceSchema = z.object({ kind: z.string(), name: z.string(), controller: z.boolean().nullish() });
export type OwnerReference = z.infer<typeof OwnerReferenceSchema>;

export const ObjectMetaSchema = z.object({
  name: z.string(),
  namespace: text,
  creationTimestamp: TimeSchema,
  labels: StringMapSchema,
  annotations: StringMapSchema,
  ownerReferences: z.array(OwnerReferenceSchema).nullish().transform((value) => value ?? []),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

const ContainersSchema = z
  .array(z.object({ name: z.string(), image: text }))
  .nullish()
  .transform((value) => value ?? []);

/** The pod template of a workload: its containers' images. */
const TemplateSchema = z
  .object({ spec: z.object({ containers: ContainersSchema }).nullish() })
  .nullish();

export const TerminatedStateSchema = z.object({ exitCode: z.number().nullish(), signal: z.number().nullish(), reason: text, message: text, startedAt: TimeSchema, finishedAt: TimeSchema });

const ContainerStateSchema = z
  .object({
    waiting: z.object({ reason: text, message: text }).nullish(),
    running: z.object({ startedAt: TimeSchema }).nullish(),
    terminated: TerminatedStateSchema.nullish(),
  })
  .nullish();

export const ContainerStatusSchema = z.object({
  name: z.string(),
  restartCount: z.number().nullish().transform((value) => value ?? 0),
  image: text,
  state: ContainerStateSchema,
  lastState: ContainerStateSchema,
});
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

const StatusesSchema = z.array(ContainerStatusSchema).nullish().transform((value) => value ?? []);

export const PodSchema = z.object({
  metadata: ObjectMetaSchema,
  spec: z.object({ nodeName: text, containers: ContainersSchema }).nullish(),
  status: z.object({ phase: text, reason: text, message: text, containerStatuses: StatusesSchema, initContainerStatuses: StatusesSchema }).nullish(),
});
export type Pod = z.infer<typeof PodSchema>;

/**
 * A core/v1 Event. Events recorded through the events.k8s.io/v1 API (the scheduler's, newer
 * controllers') appear here with `eventTime` and `series` set and the legacy timestamps null.
 */
export const EventSchema = z.object({
  metadata: ObjectMetaSchema,
  involvedObject: z.object({ kind: text, name: text, namespace: text, fieldPath: text }).nullish(),
  reason: text,
  message: text,
  type: text,
  count: z.number().nullish(),
  firstTimestamp: TimeSchema,
  lastTimestamp: TimeSchema,
  eventTime: TimeSchema,
  series: z.object({ count: z.number().nullish(), lastObservedTime: TimeSchema }).nullish(),
  source: z.object({ component: text, host: text }).nullish(),
  reportingComponent: text,
});
export type KubernetesEvent = z.infer<typeof EventSchema>;

/** A ReplicaSet, a Deployment, a StatefulSet or a DaemonSet: metadata and pod template. */
export const WorkloadSchema = z.object({
  metadata: ObjectMetaSchema,
  spec: z.object({ template: TemplateSchema }).nullish(),
});
export type Workload = z.infer<typeof WorkloadSchema>;

/** A StatefulSet's or DaemonSet's recorded revision of its pod template. */
export const ControllerRevisionSchema = z.object({
  metadata: ObjectMetaSchema,
  revision: z.number(),
  data: z.unknown().optional(),
});
export type ControllerRevision = z.infer<typeof ControllerRevisionSchema>;

/** The images of a workload's pod template. */
export function templateImages(workload: Workload): string[] {
  return (workload.spec?.template?.spec?.containers ?? []).flatMap((c) => (c.image ? [c.image] : []));
}

/** The images in a ControllerRevision's data (a patch holding the pod template), looked up shallowly. */
export function revisionImages(revision: ControllerRevision): string[] {
  const data = revision.data as { spec?: { template?: { spec?: { containers?: Array<{ image?: unknown }> } } } } | undefined;
  const containers = data?.spec?.template?.spec?.containers;
  return Array.isArray(containers) ? containers.flatMap((c) => (typeof c?.image === 'string' ? [c.image] : [])) : [];
}
