import { anchorToRecording } from '../../../src/core/investigation/recording-anchor';

describe('an alert replayed from a recording', () => {
  const window = { start: '2024-03-01T09:30:00Z', end: '2024-03-01T10:10:00Z' };
  const alert = { title: 'x', firedAt: '2029-06-01T12:00:00Z' };

  it('is investigated at the recording’s alert time when posted outside the recorded window', () => {
    expect(anchorToRecording(alert, { window, alertAt: '2024-03-01T10:05:00Z' }).firedAt).toBe('2024-03-01T10:05:00Z');
    expect(anchorToRecording(alert, { window }).firedAt).toBe(window.end);
  });

  it('keeps its own time inside the window, and any time for an unbounded (live) source', () => {
    const inside = { ...alert, firedAt: '2024-03-01T10:00:00Z' };
    expect(anchorToRecording(inside, { window, alertAt: '2024-03-01T10:05:00Z' })).toBe(inside);
    expect(anchorToRecording(alert, {})).toBe(alert);
  });
});
