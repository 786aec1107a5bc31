import { describe, expect, it } from '@jest/globals';
import { databaseTarget } from '../../src/store/database-target.js';

describe('databaseTarget', () => {
  it('uses PGlite in .airlock-data under the working directory by default', () => {
    expect(databaseTarget({}, '/srv/app')).toEqual({ dataDir: '/srv/app/.airlock-data' });
  });

  it('resolves a relative AIRLOCK_DATA_DIR against the working directory and keeps an absolute one', () => {
    expect(databaseTarget({ AIRLOCK_DATA_DIR: 'state' }, '/srv/app')).toEqual({
      dataDir: '/srv/app/state',
    });
    expect(databaseTarget({ AIRLOCK_DATA_DIR: '/var/lib/airlock' }, '/srv/app')).toEqual({
      dataDir: '/var/lib/airlock',
    });
  });

  it('prefers DATABASE_URL, keeping the data directory for the key file', () => {
    expect(
      databaseTarget({ DATABASE_URL: 'postgres://db/airlock', AIRLOCK_DATA_DIR: '/d' }, '/srv'),
    ).toEqual({ databaseUrl: 'postgres://db/airlock', dataDir: '/d' });
  });
});
