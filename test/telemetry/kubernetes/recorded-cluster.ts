import type { ClusterObjects } from '../../../src/scenarios/cluster-kubernetes-objects';

/**
 * A small `shop` namespace as the API server returns it (shapes recorded from `kubectl get -o
 * json`; managedFields and most spec fields trimmed): a Deployment `checkout` whose pod was
 * OOM-killed and now waits in CrashLoopBackOff, its rollout to revision 4 inside the period, a
 * StatefulSet `cart-db` with a new ControllerRevision, a pod the scheduler cannot place (an
 * event written through events.k8s.io/v1: `eventTime` and `series`, legacy timestamps null),
 * routine Normal events, and an event about a pod that is already gone.
 */
export const PERIOD = { start: '2024-06-03T14:00:00Z', end: '2024-06-03T14:30:00Z' };

const owner = (kind: string, name: string, uid: string) => [{ apiVersion: 'apps/v1', kind, name, uid, controller: true, blockOwnerDeletion: true }];

export function recordedCluster(): ClusterObjects {
  return {
    pods: [
      {
        metadata: { name: 'checkout-7c9d8f6b5d-x2k4p', generateName: 'checkout-7c9d8f6b5d-', namespace: 'shop', uid: 'a7f1c2d4-1b2c-4d5e-8f90-1a2b3c4d5e6f', resourceVersion: '48190', creationTimestamp: '2024-06-03T14:05:12Z', labels: { app: 'checkout', 'pod-template-hash': '7c9d8f6b5d' }, ownerReferences: owner('ReplicaSet', 'checkout-7c9d8f6b5d', '5e0a1b2c-3d4e-4f50-8a1b-2c3d4e5f6a7b') },
        spec: { nodeName: 'ip-10-0-1-23.ec2.internal', containers: [{ name: 'checkout', image: 'registry.example.com/shop/checkout:2.4.0', resources: { limits: { memory: '256Mi' } } }] },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: '2024-06-03T14:21:40Z', reason: 'ContainersNotReady', message: 'containers with unready status: [checkout]' }],
          hostIP: '10.0.1.23',
          podIP: '10.0.1.57',
          startTime: '2024-06-03T14:05:12Z',
          containerStatuses: [
            {
              name: 'checkout',
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=checkout pod=checkout-7c9d8f6b5d-x2k4p_shop(a7f1c2d4-1b2c-4d5e-8f90-1a2b3c4d5e6f)' } },
              lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: '2024-06-03T14:19:02Z', finishedAt: '2024-06-03T14:21:39Z', containerID: 'containerd://0f1e2d3c4b5a' } },
              ready: false,
              restartCount: 4,
              image: 'registry.example.com/shop/checkout:2.4.0',
              imageID: 'registry.example.com/shop/checkout@sha256:4b1f0c2e',
              containerID: 'containerd://0f1e2d3c4b5a',
              started: false,
            },
          ],
          qosClass: 'Burstable',
        },
      },
      {
        metadata: { name: 'cart-db-0', generateName: 'cart-db-', namespace: 'shop', uid: 'c0ffee00-1111-4222-8333-444455556666', creationTimestamp: '2024-05-20T08:00:00Z', labels: { app: 'cart-db', 'controller-revision-hash': 'cart-db-6d5f7c9b8', 'statefulset.kubernetes.io/pod-name': 'cart-db-0' }, ownerReferences: owner('StatefulSet', 'cart-db', 'd1d2d3d4-0000-4000-8000-000000000001') },
        spec: { nodeName: 'ip-10-0-2-8.ec2.internal', containers: [{ name: 'postgres', image: 'postgres:16.3' }] },
        status: { phase: 'Running', containerStatuses: [{ name: 'postgres', state: { running: { startedAt: '2024-06-03T14:12:30Z' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2024-05-20T08:00:05Z', finishedAt: '2024-06-03T14:12:20Z' } }, ready: true, restartCount: 1, image: 'postgres:16.3' }] },
      },
      {
        metadata: { name: 'checkout-7c9d8f6b5d-p9q8r', namespace: 'shop', uid: 'b8e2d3c4-2c3d-4e5f-9a01-2b3c4d5e6f70', creationTimestamp: '2024-06-03T14:25:00Z', labels: { app: 'checkout', 'pod-template-hash': '7c9d8f6b5d' }, ownerReferences: owner('ReplicaSet', 'checkout-7c9d8f6b5d', '5e0a1b2c-3d4e-4f50-8a1b-2c3d4e5f6a7b') },
        spec: { containers: [{ name: 'checkout', image: 'registry.example.com/shop/checkout:2.4.0' }] },
        status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }] },
      },
      {
        metadata: { name: 'debug-shell', namespace: 'shop', uid: 'e1e2e3e4-0000-4000-8000-000000000002', creationTimestamp: '2024-06-01T10:00:00Z' },
        spec: { nodeName: 'ip-10-0-1-23.ec2.internal', containers: [{ name: 'shell', image: 'busybox:1.36' }] },
        status: { phase: 'Running', containerStatuses: [{ name: 'shell', state: { running: { startedAt: '2024-06-01T10:00:03Z' } }, lastState: {}, ready: true, restartCount: 0, image: 'busybox:1.36' }] },
      },
    ],
    events: [
      {
        metadata: { name: 'checkout-7c9d8f6b5d-x2k4p.17d5a3c1e2f4b6a8', namespace: 'shop', uid: 'f0e1d2c3-0000-4000-8000-000000000010', resourceVersion: '48191', creationTimestamp: '2024-06-03T14:09:31Z' },
        involvedObject: { kind: 'Pod', namespace: 'shop', name: 'checkout-7c9d8f6b5d-x2k4p', uid: 'a7f1c2d4-1b2c-4d5e-8f90-1a2b3c4d5e6f', apiVersion: 'v1', resourceVersion: '47711', fieldPath: 'spec.containers{checkout}' },
        reason: 'BackOff',
        message: 'Back-off restarting failed container checkout in pod checkout-7c9d8f6b5d-x2k4p_shop(a7f1c2d4-1b2c-4d5e-8f90-1a2b3c4d5e6f)',
        source: { component: 'kubelet', host: 'ip-10-0-1-23.ec2.internal' },
        firstTimestamp: '2024-06-03T14:09:31Z',
        lastTimestamp: '2024-06-03T14:21:40Z',
        count: 9,
        type: 'Warning',
        eventTime: null,
        reportingComponent: 'kubelet',
        reportingInstance: 'ip-10-0-1-23.ec2.internal',
      },
      {
        metadata: { name: 'checkout-7c9d8f6b5d-p9q8r.17d5a4e0c1b2a394', namespace: 'shop', uid: 'f0e1d2c3-0000-4000-8000-000000000011', creationTimestamp: '2024-06-03T14:25:00Z' },
        involvedObject: { kind: 'Pod', namespace: 'shop', name: 'checkout-7c9d8f6b5d-p9q8r', uid: 'b8e2d3c4-2c3d-4e5f-9a01-2b3c4d5e6f70', apiVersion: 'v1', resourceVersion: '48201' },
        reason: 'FailedScheduling',
        message: '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
        source: {},
        firstTimestamp: null,
        lastTimestamp: null,
        type: 'Warning',
        eventTime: '2024-06-03T14:25:00.412345Z',
        series: { count: 3, lastObservedTime: '2024-06-03T14:27:10.001234Z' },
        action: 'Scheduling',
        reportingComponent: 'default-scheduler',
        reportingInstance: 'default-scheduler-control-plane',
      },
      {
        metadata: { name: 'checkout-7c9d8f6b5d-x2k4p.17d5a3b0a1b2c3d4', namespace: 'shop', uid: 'f0e1d2c3-0000-4000-8000-000000000012', creationTimestamp: '2024-06-03T14:05:14Z' },
        involvedObject: { kind: 'Pod', namespace: 'shop', name: 'checkout-7c9d8f6b5d-x2k4p', apiVersion: 'v1', fieldPath: 'spec.containers{checkout}' },
        reason: 'Pulled',
        message: 'Container image "registry.example.com/shop/checkout:2.4.0" already present on machine',
        source: { component: 'kubelet', host: 'ip-10-0-1-23.ec2.internal' },
        firstTimestamp: '2024-06-03T14:05:14Z',
        lastTimestamp: '2024-06-03T14:19:01Z',
        count: 5,
        type: 'Normal',
        eventTime: null,
        reportingComponent: 'kubelet',
      },
      {
        metadata: { name: 'checkout.17d5a3a0f0e0d0c0', namespace: 'shop', uid: 'f0e1d2c3-0000-4000-8000-000000000013', creationTimestamp: '2024-06-03T14:05:00Z' },
        involvedObject: { kind: 'Deployment', namespace: 'shop', name: 'checkout', uid: '9a8b7c6d-0000-4000-8000-000000000020', apiVersion: 'apps/v1', resourceVersion: '47650' },
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set checkout-7c9d8f6b5d to 1',
        source: { component: 'deployment-controller' },
        firstTimestamp: '2024-06-03T14:05:00Z',
        lastTimestamp: '2024-06-03T14:05:00Z',
        count: 1,
        type: 'Normal',
        eventTime: null,
        reportingComponent: 'deployment-controller',
      },
      {
        metadata: { name: 'checkout-59b6c7d8e9-abcde.17d5a39f00000000', namespace: 'shop', uid: 'f0e1d2c3-0000-4000-8000-000000000014', creationTimestamp: '2024-06-03T14:06:30Z' },
        involvedObject: { kind: 'Pod', namespace: 'shop', name: 'checkout-59b6c7d8e9-abcde', apiVersion: 'v1', fieldPath: 'spec.containers{checkout}' },
        reason: 'Unhealthy',
        message: 'Liveness probe failed: Get "http://10.0.1.44:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
        source: { component: 'kubelet', host: 'ip-10-0-1-23.ec2.internal' },
        firstTimestamp: '2024-06-03T14:06:30Z',
        lastTimestamp: '2024-06-03T14:07:10Z',
        count: 3,
        type: 'Warning',
        eventTime: null,
      },
      {
        metadata: { name: 'cart-db-0.17d4ffff00000000', namespace: 'shop', uid: 'f0e1d2c3-0000-4000-8000-000000000015', creationTimestamp: '2024-06-02T09:00:00Z' },
        involvedObject: { kind: 'Pod', namespace: 'shop', name: 'cart-db-0', apiVersion: 'v1' },
        reason: 'FailedMount',
        message: 'MountVolume.SetUp failed for volume "config" : configmap "cart-db-config" not found',
        source: { component: 'kubelet' },
        firstTimestamp: '2024-06-02T09:00:00Z',
        lastTimestamp: '2024-06-02T09:02:00Z',
        count: 2,
        type: 'Warning',
        eventTime: null,
      },
    ],
    replicasets: [
      {
        metadata: { name: 'checkout-7c9d8f6b5d', namespace: 'shop', uid: '5e0a1b2c-3d4e-4f50-8a1b-2c3d4e5f6a7b', creationTimestamp: '2024-06-03T14:05:00Z', labels: { app: 'checkout', 'pod-template-hash': '7c9d8f6b5d' }, annotations: { 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '4' }, ownerReferences: owner('Deployment', 'checkout', '9a8b7c6d-0000-4000-8000-000000000020') },
        spec: { replicas: 2, selector: { matchLabels: { app: 'checkout', 'pod-template-hash': '7c9d8f6b5d' } }, template: { metadata: { labels: { app: 'checkout', 'pod-template-hash': '7c9d8f6b5d' } }, spec: { containers: [{ name: 'checkout', image: 'registry.example.com/shop/checkout:2.4.0' }] } } },
        status: { replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 2 },
      },
      {
        metadata: { name: 'checkout-59b6c7d8e9', namespace: 'shop', uid: '5e0a1b2c-0000-4000-8000-000000000021', creationTimestamp: '2024-05-28T11:00:00Z', labels: { app: 'checkout', 'pod-template-hash': '59b6c7d8e9' }, annotations: { 'deployment.kubernetes.io/revision': '3' }, ownerReferences: owner('Deployment', 'checkout', '9a8b7c6d-0000-4000-8000-000000000020') },
        spec: { replicas: 0, template: { spec: { containers: [{ name: 'checkout', image: 'registry.example.com/shop/checkout:2.3.9' }] } } },
        status: { replicas: 0 },
      },
    ],
    deployments: [
      {
        metadata: { name: 'checkout', namespace: 'shop', uid: '9a8b7c6d-0000-4000-8000-000000000020', generation: 4, creationTimestamp: '2024-03-01T09:00:00Z', annotations: { 'deployment.kubernetes.io/revision': '4' } },
        spec: { replicas: 2, template: { spec: { containers: [{ name: 'checkout', image: 'registry.example.com/shop/checkout:2.4.0' }] } } },
        status: { replicas: 2, updatedReplicas: 2, availableReplicas: 0, conditions: [{ type: 'Progressing', status: 'True', lastUpdateTime: '2024-06-03T14:05:14Z', lastTransitionTime: '2024-03-01T09:00:00Z', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "checkout-7c9d8f6b5d" has successfully progressed.' }] },
      },
    ],
    statefulsets: [
      { metadata: { name: 'cart-db', namespace: 'shop', uid: 'd1d2d3d4-0000-4000-8000-000000000001', creationTimestamp: '2024-03-01T09:00:00Z' }, spec: { replicas: 1, serviceName: 'cart-db', template: { spec: { containers: [{ name: 'postgres', image: 'postgres:16.3' }] } } }, status: { replicas: 1, currentRevision: 'cart-db-6d5f7c9b8', updateRevision: 'cart-db-6d5f7c9b8' } },
    ],
    daemonsets: [],
    controllerrevisions: [
      {
        metadata: { name: 'cart-db-6d5f7c9b8', namespace: 'shop', uid: 'ab12cd34-0000-4000-8000-000000000030', creationTimestamp: '2024-06-03T14:12:00Z', labels: { 'controller.kubernetes.io/hash': '6d5f7c9b8' }, ownerReferences: owner('StatefulSet', 'cart-db', 'd1d2d3d4-0000-4000-8000-000000000001') },
        data: { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'cart-db' } }, spec: { containers: [{ name: 'postgres', image: 'postgres:16.3' }] } } } },
        revision: 2,
      },
    ],
  };
}
