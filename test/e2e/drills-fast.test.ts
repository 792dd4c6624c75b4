import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FAST_BAD_INPUTS, tryBadInputs } from '../drills/bad-inputs.js';
import { Drill, type DrillRow } from '../drills/drill.js';
import { DrillServer } from '../drills/drill-server.js';
import { killAtBoundaries, killAtPausePoint } from '../drills/kill-points.js';
import { e2eUnavailable } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/** Every case recovered and nothing lost, or the details of each that was not. */
function assertRecovered(row: DrillRow): void {
  assert.deepEqual([...row.lost, ...row.failures], [], `${row.drill}: ${row.recovered}/${row.cases} recovered`);
  assert.equal(row.recovered, row.cases);
}

/** A fast subset of `npm run drills` (test/drills/): a few kill points and a sample of the bad-input corpus. */
describe('recovery drills, fast subset (all six steps on one server)', { skip }, () => {
  let target: DrillServer;

  before(async () => {
    target = await DrillServer.boot('drill-fast', 72);
  });
  after(() => target?.destroy());

  it(`refuses ${FAST_BAD_INPUTS.length} bad inputs (flags, golive.yml) with a message naming the field, and /etc stays as it was`, async () => {
    const drill = new Drill('bad inputs');
    await tryBadInputs(target, drill, FAST_BAD_INPUTS);
    assertRecovered(drill.row());
  });

  it('SIGKILL of a full six-step apply before its first action, after its fifth, and after the reloads: rollback brings every file and the plan back', async () => {
    const drill = new Drill('SIGKILL');
    await killAtBoundaries(target, drill, [1, 6]);
    await killAtPausePoint(target, drill, 'before-login-check');
    assertRecovered(drill.row());
  });
});
