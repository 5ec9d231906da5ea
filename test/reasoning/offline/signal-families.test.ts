import { familyOf } from '../../../src/reasoning/offline/signal-families';
import { seededRandom } from '../../core/analysis/seeded-random';

/** The pattern commit latency was recognized by, quadratic on a name repeating "commit". */
const COMMIT_LATENCY = /commit.*(latency|duration|seconds)|(latency|duration).*commit/;

describe('familyOf', () => {
  it('names the usual families', () => {
    expect(familyOf('kafka_log_flush_commit_latency_seconds')).toBe('commit-latency');
    expect(familyOf('broker_request_duration_commit')).toBe('commit-latency');
    expect(familyOf('cpu_usage_percent')).toBe('cpu');
    expect(familyOf('consumer_lag')).toBe('consumer-lag');
  });

  it('reads byte rates as traffic, and errors, drops and retransmits as network health', () => {
    expect(familyOf('network_receive_bytes_per_second')).toBe('traffic');
    expect(familyOf('container_network_transmit_bytes_total')).toBe('traffic');
    expect(familyOf('bytes_sent_total')).toBe('traffic');
    expect(familyOf('container_network_receive_errors_total')).toBe('network');
    expect(familyOf('container_network_transmit_packets_dropped_total')).toBe('network');
    expect(familyOf('tcp_retransmits_per_second')).toBe('network');
    expect(familyOf('node_network_receive_bytes_per_second')).toBe('node-network');
  });

  it('recognizes commit latency exactly as the backtracking pattern did', () => {
    const random = seededRandom(5);
    const words = ['commit', 'latency', 'duration', 'seconds', '_', 'x', 'comm', 'lat', 'it'];
    for (let i = 0; i < 5000; i++) {
      const name = Array.from({ length: 1 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join('');
      expect([name, familyOf(name) === 'commit-latency']).toEqual([name, COMMIT_LATENCY.test(name)]);
    }
  });

  it('classifies a hostile metric name (a megabyte of "commit")', () => {
    expect(familyOf('commit'.repeat(170_000))).toBe('other');
    expect(familyOf(`${'commit'.repeat(170_000)}latency`)).toBe('commit-latency');
  });
});
