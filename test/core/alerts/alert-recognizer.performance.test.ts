import { recognizeAlert } from '../../../src/core/alerts/alert-recognizer';

// A pasted log or a hostile message must not stall the bot in a regular expression.
describe('recognizing long or adversarial text', () => {
  it.each([
    ['unclosed bold markers', '*a '.repeat(30000)],
    ['unclosed italics', ' _a'.repeat(30000)],
    ['unclosed links', '<https://x.example.com/'.repeat(3000)],
    ['long whitespace', `a${' '.repeat(90000)}b`],
    ['many label items', `[FIRING:1] X\n${' - a = b\n'.repeat(9000)}`],
    ['one long number', '1'.repeat(90000)],
    ['repeated service phrases', 'on checkout-api '.repeat(5000)],
    ['a huge Datadog group', `Triggered: [P2] x on ${'a:b,'.repeat(20000)}`],
  ])('finishes quickly on %s', (_name, text) => {
    const started = performance.now();
    recognizeAlert(text, { now: () => new Date(0) });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
