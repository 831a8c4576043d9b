import { describe, expect, it } from 'vitest';
import { subjectPlace } from '../../../server/alerts/subject-place.ts';
import { places } from './fixtures.ts';

describe('where an alert is (dispatch hint and CAP area)', () => {
  it('a sensor or gauge: its own position and village', () => {
    expect(subjectPlace({ type: 'gauge', id: 'wl-1' }, ['wl-1'], places)).toEqual({ name: 'Torrent gauge', lat: 40.39, lon: 23.45, villageId: 'polygyros' });
  });

  it('a fire cluster named by its village: the centroid of its sensors', () => {
    const p = subjectPlace({ type: 'village', id: 'taxiarchis' }, ['fs-1', 'fs-2'], places);
    expect(p).toMatchObject({ name: 'Taxiarchis', villageId: 'taxiarchis' });
    expect(p.lat).toBeCloseTo(40.445, 6);
    expect(p.lon).toBeCloseTo(23.51, 6);
  });

  it('a gateway: the centroid of its sensors and the village most of them are in', () => {
    const p = subjectPlace({ type: 'gateway', id: 'gw-2' }, [], places);
    expect(p).toMatchObject({ name: 'Cholomontas gateway', villageId: 'taxiarchis' });
    expect(p.lat).toBeCloseTo(40.45, 6);
  });

  it('an unknown subject: the region centre, never a crash', () => {
    expect(subjectPlace({ type: 'sensor', id: 'gone' }, [], places)).toEqual({ name: 'gone', lat: 40.4, lon: 23.4, villageId: null });
  });
});
