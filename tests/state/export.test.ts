import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import { trajectoriesCsv, trajectoriesJson } from '../../src/lib/exportFormats';
import { emptyHistory, recordHistory, type HistoryRow } from '../../src/lib/history';

const row = (step: number): HistoryRow => [step, step / 10, 3 - step / 10, 3, 0.1, 1, 0];

describe('bounded history', () => {
  it('keeps every point until full, then halves evenly and doubles the stride', () => {
    const h = emptyHistory();
    for (let s = 1; s <= 8; s++) recordHistory(h, row(s), 8);
    expect(h.rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    recordHistory(h, row(9), 8);
    expect(h.rows.map((r) => r[0])).toEqual([1, 3, 5, 7, 9]);
    expect(h.stride).toBe(2);
    for (let s = 10; s <= 13; s++) recordHistory(h, row(s), 8);
    expect(h.rows.map((r) => r[0])).toEqual([1, 3, 5, 7, 9, 11, 13]);
  });
  it('a repeated step replaces the last row', () => {
    const h = emptyHistory();
    recordHistory(h, row(1));
    recordHistory(h, [1, 9, 9, 9, 9, 9, 9]);
    expect(h.rows).toEqual([[1, 9, 9, 9, 9, 9, 9]]);
  });
});

describe('trajectory export', () => {
  const { config } = buildExperiment(DEFAULT_SETTINGS);
  const histories = { hand: [row(0)], elbo: [row(0), row(10)], target: [row(0), row(10)] };
  it('CSV: header, one line per model and step, in experiment order; labels quoted when needed', () => {
    const csv = trajectoriesCsv(
      { ...config, models: config.models.map((m) => (m.id === 'elbo' ? { ...m, label: 'ELBO, β=1' } : m)) },
      histories,
    );
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'model,label,step,rate_nats,distortion_nats,neg_elbo_nats,class_info_nats,beta_effective,multiplier',
    );
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe('elbo,"ELBO, β=1 ELBO",0,0,3,3,0.1,1,0');
  });
  it('JSON carries schema, version, experiment and columns', () => {
    const j = trajectoriesJson(config, 3.3, histories, new Date(0));
    expect(j).toMatchObject({
      schema: 'rd-explorer/trajectories',
      version: 2,
      problem: 'toy',
      exportedAt: '1970-01-01T00:00:00.000Z',
      entropyNats: 3.3,
    });
    expect(j.columns[0]).toBe('step');
    expect(JSON.parse(JSON.stringify(j)).trajectories.target).toEqual(histories.target);
  });
});
