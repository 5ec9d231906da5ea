import { deploymentPods } from '../pod-names';
import type { SeededRandom } from '../seeded-random';
import type { CallFault, CallNode } from '../trace-generator';

/**
 * A microservice system drawn at random: an entry point (a storefront or gateway) in front of
 * two tiers of services, each with one or two methods that call some of the tier below and
 * sometimes a step of their own (a query). Names, call graph, replica counts, request flows and
 * how the tracer names client and server spans all vary from draw to draw, so that a diagnosis
 * measured on these systems is one of a system Causa was not built around.
 */
export interface RandomSystem {
  entry: string;
  services: string[];
  calls: Array<{ from: string; to: string }>;
  pods: Record<string, string[]>;
  methods: Record<string, Method[]>;
  flows: Array<{ label: string; operation: string; calls: Method[]; everySeconds: number; loops?: Record<string, number> }>;
  naming: Naming;
  /** Each service's tracer style when `naming` is `mixed`. */
  styles: Record<string, Style>;
  /** Whether some calls are made in loops (once per item), a varying number of times per request. */
  loops: boolean;
  /** Services that fail a small share of their requests all along (a flaky dependency, a bad row), by share. */
  flaky: Record<string, number>;
}

export interface Method {
  service: string;
  name: string;
  calls: Method[];
  /** A query or computation inside the service, as its own span. */
  step?: string;
  selfMs: number;
  /** Returns the error as soon as a call fails (a gRPC handler), instead of carrying on. */
  stopsAfterFailedCall: boolean;
  /** Callees it calls in a loop, once per item, by service: at most this many times per execution. */
  loops?: Record<string, number>;
}

/**
 * How the tracer names the two sides of a call. `mixed`: services written in different languages
 * each name spans their own way (a Go service as OpenCensus does, a Node one with a `grpc.` prefix…),
 * so a call's client span is named by the caller's tracer and its server span by the callee's.
 */
export type Naming = 'grpc-slash' | 'opencensus' | 'same' | 'http' | 'mixed';
/** One tracer's way of naming gRPC spans, in a system of mixed languages. */
type Style = 'grpc-slash' | 'opencensus' | 'same' | 'grpc-prefixed';

const ENTRY_NAMES = ['frontend', 'storefront', 'web', 'gateway', 'edge', 'portal'];
const SERVICE_NAMES = ['cart', 'catalog', 'currency', 'shipping', 'payment', 'email', 'recommend', 'ads', 'checkout', 'inventory', 'profile', 'search', 'reviews', 'tax', 'fraud', 'ledger', 'quotes', 'session', 'pricing', 'loyalty', 'media', 'orders'];
const METHOD_NAMES = ['Get', 'List', 'Quote', 'Convert', 'Charge', 'Send', 'Check', 'Lookup', 'Place', 'Update', 'Score', 'Reserve'];
const STEP_NAMES = ['SELECT items', 'redis GET', 'HGETALL', 'cache lookup', 'SELECT rates', 'index scan', 'rules eval'];
const PACKAGES = ['shop.v1', 'hipstershop', 'acme.store', 'app.v2', 'market'];

export function drawSystem(random: SeededRandom): RandomSystem {
  const entry = random.pick(ENTRY_NAMES);
  const names = random.shuffle(SERVICE_NAMES).slice(0, random.int(6, 10));
  const upper = names.slice(0, random.int(3, Math.min(5, names.length - 2)));
  const lower = names.slice(upper.length);
  const languages = random.fork('languages');
  const naming = languages.chance(0.25) ? 'mixed' : random.pick<Naming>(['grpc-slash', 'opencensus', 'same', 'http']);
  const below = new Map<string, string[]>(upper.map((s) => [s, []]));
  for (const service of lower) {
    // Each lower service has one or two callers above; a few are also called by the entry point.
    for (const caller of random.shuffle(upper).slice(0, random.int(1, 2))) below.get(caller)?.push(service);
  }
  const methods: Record<string, Method[]> = {};
  for (const service of lower) methods[service] = drawMethods(random, service, []);
  for (const service of upper) methods[service] = drawMethods(random, service, (below.get(service) ?? []).flatMap((callee) => methods[callee]));
  // In some systems a handler calls a service once per item (a product per cart line, a price per
  // product on a page), so the number of calls per request varies from request to request.
  const looping = random.fork('loops');
  const loops = looping.chance(0.5);
  const loopsOf = (calls: Method[]): Record<string, number> | undefined => {
    const looped = calls.filter(() => looping.chance(0.35));
    return loops && looped.length > 0 ? Object.fromEntries(looped.map((m) => [m.service, looping.int(2, 6)])) : undefined;
  };
  for (const service of upper) for (const method of methods[service]) {
    const looped = loopsOf(method.calls);
    if (looped) method.loops = looped;
  }
  const entryCallees = [...upper, ...lower.filter(() => random.chance(0.2))];
  const flows: RandomSystem['flows'] = ['browse', 'view', 'order', 'account'].slice(0, random.int(2, 4)).map((label) => {
    const picked = random.shuffle(entryCallees).slice(0, random.int(1, Math.min(3, entryCallees.length)));
    return { label, operation: entryOperation(naming, label), calls: picked.map((s) => random.pick(methods[s])), everySeconds: random.between(3, 8) };
  });
  for (const flow of flows) {
    const looped = loopsOf(flow.calls);
    if (looped) flow.loops = looped;
  }
  // Every service is reached by some flow: one the draw left out is called by the busiest flow.
  const reached = new Set<string>();
  const visit = (m: Method) => {
    reached.add(m.service);
    m.calls.forEach(visit);
  };
  flows.forEach((f) => f.calls.forEach(visit));
  for (const service of upper) if (!reached.has(service)) {
    flows[0].calls.push(methods[service][0]);
    visit(methods[service][0]);
  }
  const services = [entry, ...names.filter((s) => reached.has(s))];
  const calls = new Map<string, { from: string; to: string }>();
  const edges = (from: string, m: Method) => {
    calls.set(`${from}>${m.service}`, { from, to: m.service });
    m.calls.forEach((c) => edges(m.service, c));
  };
  flows.forEach((f) => f.calls.forEach((m) => edges(entry, m)));
  const pods = Object.fromEntries(services.map((s) => [s, deploymentPods(random.fork(`pods:${s}`), s, s === entry ? 2 : random.int(1, 2))]));
  const background = random.fork('flaky');
  const flaky = Object.fromEntries(background.shuffle(services.slice(1)).slice(0, background.int(0, 2)).map((service) => [service, background.between(0.002, 0.015)]));
  const styles = Object.fromEntries(services.map((s) => [s, languages.pick<Style>(['grpc-slash', 'opencensus', 'same', 'grpc-prefixed'])]));
  return { entry, services, calls: [...calls.values()], pods, methods, flows, naming, styles, loops, flaky };
}

function drawMethods(random: SeededRandom, service: string, callees: Method[]): Method[] {
  const count = random.int(1, 2);
  const names = random.shuffle(METHOD_NAMES).slice(0, count);
  return names.map((name, i) => {
    // The first method calls every callee (so each edge is used); a second one a part of them.
    const calls = i === 0 ? uniqueByService(callees) : uniqueByService(callees).filter(() => random.chance(0.5));
    return {
      service,
      name,
      calls: random.shuffle(calls),
      ...(random.chance(0.6) ? { step: random.pick(STEP_NAMES) } : {}),
      selfMs: random.between(1, 12),
      stopsAfterFailedCall: random.chance(0.75),
    };
  });
}

/** The server operation of a method, and the caller's client operation for it, in the system's naming. */
export function operationNames(system: Pick<RandomSystem, 'naming' | 'styles'>, pkg: string, method: Method, caller: string): { operation: string; clientOperation: string } {
  if (system.naming !== 'mixed') return namesIn(system.naming, pkg, method);
  return { operation: namesIn(system.styles[method.service], pkg, method).operation, clientOperation: namesIn(system.styles[caller], pkg, method).clientOperation };
}

function namesIn(naming: Exclude<Naming, 'mixed'> | Style, pkg: string, method: Method): { operation: string; clientOperation: string } {
  const full = `${pkg}.${capitalized(method.service)}Service/${method.name}`;
  switch (naming) {
    case 'grpc-prefixed':
      return { operation: `grpc.${full}`, clientOperation: `grpc.${full}` };
    case 'grpc-slash':
      return { operation: `/${full}`, clientOperation: full };
    case 'opencensus':
      return { operation: `Recv.${full.replace('/', '.')}`, clientOperation: `Sent.${full.replace('/', '.')}` };
    case 'same':
      return { operation: full, clientOperation: full };
    case 'http':
      return { operation: `POST /api/${method.service}/${method.name.toLowerCase()}`, clientOperation: 'HTTP POST' };
  }
}

export function packageOf(random: SeededRandom): string {
  return random.pick(PACKAGES);
}

/** A flow's trace root: the entry point's HTTP handler, with the methods it calls as children. */
export function flowRoot(system: RandomSystem, pkg: string, flow: RandomSystem['flows'][number], fault: (service: string) => CallNode['fault']): CallNode {
  const node = (m: Method, caller: string, times?: number): CallNode => ({
    service: m.service,
    ...(times ? { times: { min: 1, max: times } } : {}),
    ...operationNames(system, pkg, m, caller),
    instances: system.pods[m.service],
    selfMs: m.selfMs,
    children: [...(m.step ? [{ service: m.service, operation: m.step, instances: system.pods[m.service], selfMs: m.selfMs * 0.6, internal: true } satisfies CallNode] : []), ...m.calls.map((c) => node(c, m.service, m.loops?.[c.service]))],
    stopsAfterFailedCall: m.stopsAfterFailedCall,
    ...(system.flaky[m.service] ? { errorRate: system.flaky[m.service] } : {}),
    fault: fault(m.service),
  });
  return { service: system.entry, operation: flow.operation, instances: system.pods[system.entry], selfMs: 4, children: flow.calls.map((c) => node(c, system.entry, flow.loops?.[c.service])), stopsAfterFailedCall: true, fault: fault(system.entry) };
}

export type FaultOf = (call: Parameters<NonNullable<CallNode['fault']>>[0]) => CallFault | undefined;

function entryOperation(naming: Naming, label: string): string {
  const path = { browse: 'GET /', view: 'GET /product/{id}', order: 'POST /cart/checkout', account: 'GET /account' }[label] ?? `GET /${label}`;
  return naming === 'http' ? path : `HTTP ${path}`;
}

function uniqueByService(methods: Method[]): Method[] {
  const seen = new Set<string>();
  return methods.filter((m) => !seen.has(m.service) && seen.add(m.service));
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
