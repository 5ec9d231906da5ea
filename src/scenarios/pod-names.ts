import type { SeededRandom } from './seeded-random';

/** `count` Deployment pod names sharing one ReplicaSet hash: `cart-service-7d9f6c5b8-x2k4p`. */
export function deploymentPods(random: SeededRandom, service: string, count: number): string[] {
  const replicaSet = `${service}-${random.int(5, 9)}${random.hex(1)}${random.podSuffix(7)}`;
  return Array.from({ length: count }, () => `${replicaSet}-${random.podSuffix(5)}`);
}

/** StatefulSet pod names: `kafka-broker-0`, `kafka-broker-1`, … */
export function statefulPods(service: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${service}-${i}`);
}
