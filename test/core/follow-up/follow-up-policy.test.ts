import { FollowUpSettingsSchema, followUpOffsetsMs, followUpReason, followUpReplaces, followUpUpdateLine, spanWords } from '../../../src/core/follow-up/follow-up-policy';

describe('follow-up policy', () => {
  const settings = FollowUpSettingsSchema.parse({});

  it('defaults to looking again after 2, 5 and 10 minutes until an answer reaches 0.8', () => {
    expect(followUpOffsetsMs(settings)).toEqual([120_000, 300_000, 600_000]);
    expect(settings.confidentAt).toBe(0.8);
    expect(followUpOffsetsMs({ delaysSeconds: [300, 120, 300] })).toEqual([120_000, 300_000]);
  });

  it('follows up an abstention or an answer below the confident level, not a confident one', () => {
    expect(followUpReason({ abstained: true, confidence: 0 }, settings)).toBe('the investigation abstained');
    expect(followUpReason({ abstained: false, confidence: 0.705 }, settings)).toBe('confidence 0.70 is below 0.80');
    expect(followUpReason({ abstained: false, confidence: 0.8 }, settings)).toBeUndefined();
  });

  it('rejects delays that are not positive and more than ten of them', () => {
    expect(FollowUpSettingsSchema.safeParse({ delaysSeconds: [0] }).success).toBe(false);
    expect(FollowUpSettingsSchema.safeParse({ delaysSeconds: Array.from({ length: 11 }, (_, i) => i + 1) }).success).toBe(false);
    expect(FollowUpSettingsSchema.safeParse({ confidentAt: 1.5 }).success).toBe(false);
  });

  it('words the thread update after a follow-up', () => {
    expect(followUpUpdateLine({ abstained: true, confidence: 0 }, { abstained: false, confidence: 0.88, service: 'payforadoption' }, 4 * 60_000)).toBe(
      'with 4 more minutes of data: payforadoption, confidence 0.88, up from abstained',
    );
    expect(followUpUpdateLine({ abstained: false, confidence: 0.7, service: 'a' }, { abstained: false, confidence: 0.6, service: 'b' }, 90_000)).toBe(
      'with 90 more seconds of data: b, confidence 0.60, down from a at 0.70 (a different cause)',
    );
    expect(followUpUpdateLine({ abstained: false, confidence: 0.75, service: 'a' }, { abstained: true, confidence: 0.2, service: 'a' }, 120_000)).toBe(
      'with 2 more minutes of data: no firmer answer (the new look abstained); the answer stays a at 0.75',
    );
    expect(spanWords(60_000)).toBe('1 minute');
  });

  it('lets an abstaining look replace only an abstention', () => {
    expect(followUpReplaces({ abstained: false }, { abstained: true })).toBe(false);
    expect(followUpReplaces({ abstained: true }, { abstained: true })).toBe(true);
    expect(followUpReplaces({ abstained: false }, { abstained: false })).toBe(true);
  });
});
