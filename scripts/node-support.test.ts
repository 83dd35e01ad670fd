import { describe, expect, it } from 'vitest';
import { nodeAtLeast, nodeSupport } from './node-support';

describe('nodeAtLeast', () => {
  it.each([
    ['22.12.0', true],
    ['22.11.9', false],
    ['22.22.1', true],
    ['21.99.0', false],
    ['24.0.0', true],
    ['26.1.0', true],
    ['20.20.2', false],
  ])('%s ≥ 22.12: %s', (version, expected) => {
    expect(nodeAtLeast(version, [22, 12])).toBe(expected);
  });
});

describe('nodeSupport', () => {
  it.each(['22.12.0', '23.11.1', '24.22.3', '26.0.0'])('%s is supported', (version) => {
    expect(nodeSupport(version)).toEqual({ level: 'supported' });
  });

  it.each(['20.9.0', '20.20.2', '21.7.3'])('%s runs with a warning: end of life', (version) => {
    expect(nodeSupport(version)).toEqual({
      level: 'warn',
      message: `Warning: Node ${version} is past end of life and untested here; Node 24 is what is tested (22.12+ supported).`,
    });
  });

  it('22.11.0 runs with a warning: older than 22.12', () => {
    expect(nodeSupport('22.11.0')).toEqual({
      level: 'warn',
      message:
        'Warning: Node 22.11.0 is older than the supported 22.12 and untested here; Node 24 is what is tested (22.12+ supported).',
    });
  });

  it.each(['20.8.1', '18.20.4'])('%s cannot run it', (version) => {
    expect(nodeSupport(version)).toEqual({
      level: 'unsupported',
      message: `Vitrine needs Node 20.9 or newer (Next.js 16's minimum); this is Node ${version}. Node 24 is what is tested (22.12+ supported).`,
    });
  });
});
