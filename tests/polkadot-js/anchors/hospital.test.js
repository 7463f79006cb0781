// A hospital's gateway and bedside device anchor records on a real dev node; a court-side
// client reads them back through the AnchorsApi runtime API. Every rejected action fails with
// the exact module error from the chain's metadata.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, randomAsU8a } from '@polkadot/util-crypto';
import { ModuleError, startDevNode, submit } from '../lib/node.js';

const SAMPLE_HOSPITAL = 0;
const SAMPLE_CLINIC = 1;

let chain;
let api;
let alice;
let bob;
let dave;
let eve;
let ferdie;
let ferdieStash;

async function rejects(promise, expected) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ModuleError, `expected ${expected}, got ${error}`);
    assert.equal(error.moduleError, expected);
    return true;
  });
}

function blake2(bytes) {
  return blake2AsU8a(bytes, 256);
}

/** Returns a content hash as calls take it. The digest is hex, because polkadot.js reads a
 * byte array given for `Bytes` as already length-prefixed. */
function submittedHash(algorithm, digest) {
  return { algorithm, digest: u8aToHex(digest) };
}

/** Returns a new inpatient record of `encounter`, generated now, with a Blake2b-256 content hash. */
function newRecord({ encounter, patient, sequence, kind = 'ProgressNote', content = 'note', ...rest }) {
  return {
    id: randomAsU8a(32),
    patient,
    encounter,
    class: 'Inpatient',
    sequence,
    kind,
    contentHash: submittedHash('Blake2b256', blake2(new TextEncoder().encode(content))),
    generatedAt: Date.now(),
    event: null,
    ...rest,
  };
}

function anchorRecord(record, institution = null) {
  return api.tx.anchors.anchorRecord(institution, record);
}

describe('hospital anchoring on a dev node', () => {
  const patient = randomAsU8a(32);
  const encounter = randomAsU8a(32);

  before(async () => {
    chain = await startDevNode();
    api = chain.api;
    alice = chain.keyring.addFromUri('//Alice');
    bob = chain.keyring.addFromUri('//Bob');
    dave = chain.keyring.addFromUri('//Dave');
    eve = chain.keyring.addFromUri('//Eve');
    ferdie = chain.keyring.addFromUri('//Ferdie');
    ferdieStash = chain.keyring.addFromUri('//Ferdie//stash');
  });

  after(async () => {
    await chain?.stop();
  });

  test('gateway anchors a record without paying a fee', async () => {
    const before = (await api.query.system.account(eve.address)).data.free.toBigInt();
    const record = newRecord({ encounter, patient, sequence: 1, kind: 'Admission', content: 'admission' });
    const events = await submit(api, anchorRecord(record), eve);

    const anchored = events.find((event) => api.events.anchors.RecordAnchored.is(event));
    assert.ok(anchored, 'RecordAnchored is emitted');
    assert.equal(anchored.data.institution.toNumber(), SAMPLE_HOSPITAL);
    assert.equal(anchored.data.record.toHex(), u8aToHex(record.id));
    assert.equal(anchored.data.timeliness.toString(), 'AtGeneration');
    const feePaid = events.find((event) => api.events.transactionPayment.TransactionFeePaid.is(event));
    assert.equal(feePaid.data.actualFee.toBigInt(), 0n, 'the withdrawn fee is refunded');
    const after = (await api.query.system.account(eve.address)).data.free.toBigInt();
    assert.equal(after, before, 'a successful anchor costs nothing');

    const stored = (await api.query.anchors.records(record.id)).unwrap();
    assert.equal(stored.versions.length, 1);
    assert.equal(stored.kind.toString(), 'Admission');
  });

  test('amendment adds a version and verdicts tell versions apart', async () => {
    const record = newRecord({ encounter, patient, sequence: 2, content: 'first draft' });
    await submit(api, anchorRecord(record), eve);
    const corrected = submittedHash('Blake2b256', blake2(new TextEncoder().encode('corrected')));
    await submit(
      api,
      api.tx.anchors.amendRecord(record.id, 0, corrected, Date.now(), 'Correction', null),
      eve,
    );

    const view = (await api.call.anchorsApi.record(record.id)).unwrap();
    assert.equal(view.versions.length, 2);
    assert.equal(view.versions[1].amendment.unwrap().toString(), 'Correction');

    const latest = await api.call.anchorsApi.verifyContent(record.id, corrected);
    assert.equal(latest.verdict.toString(), 'MatchesLatest');
    assert.equal(latest.version.unwrap().toNumber(), 1);
    const earlier = await api.call.anchorsApi.verifyContent(record.id, record.contentHash);
    assert.equal(earlier.verdict.toString(), 'MatchesEarlierVersion');
    const forged = submittedHash('Blake2b256', blake2(new TextEncoder().encode('forged')));
    const mismatch = await api.call.anchorsApi.verifyContent(record.id, forged);
    assert.equal(mismatch.verdict.toString(), 'Mismatch');
    const unknown = await api.call.anchorsApi.verifyContent(randomAsU8a(32), forged);
    assert.equal(unknown.verdict.toString(), 'NotAnchored');

    await rejects(
      submit(api, api.tx.anchors.amendRecord(record.id, 0, forged, Date.now(), 'Correction', null), eve),
      'anchors.PreviousVersionSuperseded',
    );
  });

  test('skipped sequence numbers show up as a gap in the encounter', async () => {
    await submit(api, anchorRecord(newRecord({ encounter, patient, sequence: 5 })), eve);
    const events = await submit(
      api,
      anchorRecord(newRecord({ encounter, patient, sequence: 7, kind: 'Discharge', content: 'discharge' })),
      eve,
    );
    const discharged = events.find((event) => api.events.anchors.EncounterDischarged.is(event));
    assert.ok(discharged, 'the first discharge record checks the encounter');
    assert.deepEqual(discharged.data.missingKinds.map((kind) => kind.toString()), []);

    const view = (await api.call.anchorsApi.encounter(SAMPLE_HOSPITAL, encounter)).unwrap();
    assert.deepEqual(
      view.gaps.map((gap) => [gap.first.toNumber(), gap.last.toNumber()]),
      [[3, 4], [6, 6]],
    );
    assert.equal(view.nextSequence.toNumber(), 8);

    const page = await api.call.anchorsApi.patientRecords(patient, 0, 100);
    assert.equal(page.records.length, 4);
    assert.ok(page.next.isNone);
  });

  test('device anchors a batch and a member proves its place', async () => {
    // Leaves: the SCALE encoding of each member, hashed as H(0x00 || leaf); inner nodes as
    // H(0x01 || left || right). Three leaves split into two and one.
    const members = [0, 1, 2].map((index) =>
      api.createType('MedanchorPrimitivesRecordsBatchLeaf', {
        recordId: randomAsU8a(32),
        kind: 'VitalSigns',
        contentHash: { algorithm: 'Blake2b256', digest: blake2(new Uint8Array([index])) },
        generatedAt: Date.now() - 1_000,
        salt: randomAsU8a(32),
      }),
    );
    const leaves = members.map((member) => blake2(u8aConcat(new Uint8Array([0]), member.toU8a())));
    const node = (left, right) => blake2(u8aConcat(new Uint8Array([1]), left, right));
    const root = node(node(leaves[0], leaves[1]), leaves[2]);
    const batchId = randomAsU8a(32);
    const events = await submit(
      api,
      api.tx.anchors.anchorBatch(null, {
        id: batchId,
        kind: 'VitalSigns',
        class: 'Inpatient',
        // Hex, because polkadot.js reads a byte array given for an `Option` as encoded.
        patient: u8aToHex(patient),
        root: submittedHash('Blake2b256', root),
        leafCount: 3,
        firstGeneratedAt: Date.now() - 1_000,
        lastGeneratedAt: Date.now() - 1_000,
      }),
      ferdie,
    );
    const anchored = events.find((event) => api.events.anchors.BatchAnchored.is(event));
    assert.equal(anchored.data.submitter.toString(), ferdie.address);

    const valid = await api.call.anchorsApi.verifyBatchMember(batchId, members[2], 2, [
      node(leaves[0], leaves[1]),
    ]);
    assert.equal(valid.toString(), 'Valid');
    const wrongMember = await api.call.anchorsApi.verifyBatchMember(batchId, members[1], 2, [
      node(leaves[0], leaves[1]),
    ]);
    assert.equal(wrongMember.toString(), 'Invalid');
    const first = await api.call.anchorsApi.verifyBatchMember(batchId, members[0], 0, [leaves[1], leaves[2]]);
    assert.equal(first.toString(), 'Valid');
  });

  test('delegated platform anchors for the hospital', async () => {
    const record = newRecord({ encounter: randomAsU8a(32), patient, sequence: 1, kind: 'Order' });
    await submit(api, anchorRecord(record, SAMPLE_HOSPITAL), ferdieStash);
    const view = (await api.call.anchorsApi.record(record.id)).unwrap();
    assert.equal(view.institution.toNumber(), SAMPLE_HOSPITAL);
    assert.ok(view.versions[0].viaPlatform.isSome);
  });

  test('account of no institution cannot anchor', async () => {
    await rejects(
      submit(api, anchorRecord(newRecord({ encounter: randomAsU8a(32), patient, sequence: 1 })), bob),
      'anchors.NotAnOperator',
    );
  });

  test('rejected anchor by a gateway pays the fee', async () => {
    const before = (await api.query.system.account(eve.address)).data.free.toBigInt();
    await rejects(
      submit(api, anchorRecord(newRecord({ encounter, patient, sequence: 1 })), eve),
      'anchors.SequenceAlreadyUsed',
    );
    const after = (await api.query.system.account(eve.address)).data.free.toBigInt();
    assert.ok(after < before, 'a failing anchor is not free');
  });

  test('admin account cannot anchor', async () => {
    await rejects(
      submit(api, anchorRecord(newRecord({ encounter: randomAsU8a(32), patient, sequence: 1 })), dave),
      'anchors.WrongRole',
    );
  });

  test('platform without delegation cannot anchor for the clinic', async () => {
    await rejects(
      submit(
        api,
        anchorRecord(newRecord({ encounter: randomAsU8a(32), patient, sequence: 1 }), SAMPLE_CLINIC),
        ferdieStash,
      ),
      'anchors.NotDelegated',
    );
  });

  test('future generation time is rejected', async () => {
    const record = newRecord({ encounter: randomAsU8a(32), patient, sequence: 1, generatedAt: Date.now() + 600_000 });
    await rejects(submit(api, anchorRecord(record), eve), 'anchors.GeneratedInFuture');
  });

  test('duplicate record id is rejected', async () => {
    const record = newRecord({ encounter: randomAsU8a(32), patient, sequence: 1 });
    await submit(api, anchorRecord(record), eve);
    await rejects(
      submit(api, anchorRecord({ ...record, sequence: 2, generatedAt: Date.now() }), eve),
      'anchors.RecordAlreadyAnchored',
    );
  });

  test('digest of the wrong length is rejected', async () => {
    const record = newRecord({
      encounter: randomAsU8a(32),
      patient,
      sequence: 1,
      contentHash: submittedHash('Sm3', new Uint8Array(20)),
    });
    await rejects(submit(api, anchorRecord(record), eve), 'anchors.UnsupportedDigestLength');
  });

  test('used sequence number is rejected', async () => {
    await rejects(
      submit(api, anchorRecord(newRecord({ encounter, patient, sequence: 2 })), eve),
      'anchors.SequenceAlreadyUsed',
    );
  });

  test('retention period is set by the health authority only', async () => {
    await rejects(
      submit(api, api.tx.anchors.setRetentionPeriod('Outpatient', 7), alice),
      'BadOrigin',
    );
    await rejects(
      submit(api, api.tx.sudo.sudo(api.tx.anchors.setRetentionPeriod('Outpatient', 0)), alice),
      'anchors.InvalidRetentionPeriod',
    );
    await submit(api, api.tx.sudo.sudo(api.tx.anchors.setRetentionPeriod('Outpatient', 5_500)), alice);
    const periods = await api.query.anchors.retentionPeriods();
    assert.equal(periods.outpatient.toNumber(), 5_500);
  });
});
