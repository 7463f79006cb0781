// The whole life of a medical dispute on a fresh dev node, as its users would go through it
// with @polkadot/api: the health authority registers a new hospital and the judicial
// authority a court; the hospital's gateway anchors and amends records and its monitor
// anchors a batch; a court opens a case, runs every judicial query, seals, sees an amendment
// rejected, verifies presented documents, reads the evidence report and closes the case; the
// era's subsidy pays the hospital and the rankings list it. Every call comes from the chain's
// metadata, and every rejected action asserts its exact module error.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stringToU8a, u8aConcat, u8aToHex, u8aToString } from '@polkadot/util';
import { blake2AsU8a, randomAsU8a } from '@polkadot/util-crypto';
import { ModuleError, sleep, startDevNode, submit } from '../lib/node.js';

const UNIT = 10n ** 12n;
// A valid Unified Social Credit Code that the development presets do not use.
const HOSPITAL_CODE = '12110105MA0000031A';

let chain;
let api;
let alice;
let admin;
let gateway;
let device;
let payout;
let clerk;
let otherClerk;
let hospital;
let caseId;
const patient = randomAsU8a(32);
const encounter = randomAsU8a(32);
const records = {};
let batch;

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

function event(events, section, method) {
  const found = events.find((e) => e.section === section && e.method === method);
  assert.ok(found, `expected a ${section}.${method} event`);
  return found.data;
}

/** Returns a record of the case patient's inpatient stay, its content hashed with Blake2b-256. */
function record(sequence, kind, content, generatedAt = Date.now()) {
  return {
    id: randomAsU8a(32),
    patient,
    encounter,
    class: 'Inpatient',
    sequence,
    kind,
    // `Bytes` take hex: polkadot.js reads a Uint8Array as already length-prefixed.
    contentHash: { algorithm: 'Blake2b256', digest: u8aToHex(blake2(stringToU8a(content))) },
    generatedAt,
    event: null,
  };
}

function presented(content) {
  return { algorithm: 'Blake2b256', digest: blake2(stringToU8a(content)) };
}

describe('a medical dispute from anchoring to judgment', () => {
  before(async () => {
    chain = await startDevNode();
    api = chain.api;
    alice = chain.keyring.addFromUri('//Alice');
    admin = chain.keyring.addFromUri('//FlowHospitalAdmin');
    gateway = chain.keyring.addFromUri('//FlowHospitalGateway');
    device = chain.keyring.addFromUri('//FlowHospitalMonitor');
    payout = chain.keyring.addFromUri('//FlowHospitalPayout');
    clerk = chain.keyring.addFromUri('//FlowCourtClerk');
    otherClerk = chain.keyring.addFromUri('//FlowOtherCourtClerk');
    for (const account of [admin, gateway, device, clerk, otherClerk]) {
      await submit(api, api.tx.balances.transferKeepAlive(account.address, 100n * UNIT), alice);
    }
  });

  after(async () => {
    await chain?.stop();
  });

  test('the authorities register a hospital and a court', async () => {
    let events = await submit(
      api,
      api.tx.sudo.sudo(
        api.tx.institutions.registerEntity(
          'Hospital',
          '示例市第二人民医院',
          HOSPITAL_CODE,
          'PDY00002X110105',
          '110105',
          'TertiaryA',
          payout.address,
          admin.address,
        ),
      ),
      alice,
    );
    hospital = event(events, 'institutions', 'EntityRegistered').entity.toNumber();
    await submit(api, api.tx.institutions.addAccount(hospital, gateway.address, 'Gateway'), admin);
    await submit(api, api.tx.institutions.addAccount(hospital, device.address, 'Device'), admin);

    events = await submit(
      api,
      api.tx.sudo.sudo(api.tx.judicial.registerCourt('京0105', '北京市朝阳区人民法院', '110105', [clerk.address])),
      alice,
    );
    assert.equal(event(events, 'judicial', 'CourtRegistered').court.toNumber(), 0);
    await submit(
      api,
      api.tx.sudo.sudo(api.tx.judicial.registerCourt('京0108', '北京市海淀区人民法院', '110108', [otherClerk.address])),
      alice,
    );
  });

  test('the hospital anchors records, amends one and anchors a monitor batch', async () => {
    const stranger = chain.keyring.addFromUri('//FlowStranger');
    await submit(api, api.tx.balances.transferKeepAlive(stranger.address, 10n * UNIT), alice);
    await rejects(
      submit(api, api.tx.anchors.anchorRecord(null, record(1, 'Admission', 'forged')), stranger),
      'anchors.NotAnOperator',
    );
    await rejects(
      submit(api, api.tx.anchors.anchorRecord(null, record(1, 'Admission', 'early', Date.now() + 600_000)), gateway),
      'anchors.GeneratedInFuture',
    );

    records.admission = record(1, 'Admission', '入院记录 v1');
    records.note = record(2, 'ProgressNote', '首次病程记录');
    await submit(api, api.tx.anchors.anchorRecords(null, [records.admission, records.note]), gateway);
    const corrected = { algorithm: 'Blake2b256', digest: u8aToHex(blake2(stringToU8a('入院记录 v2'))) };
    await submit(api, api.tx.anchors.amendRecord(records.admission.id, 0, corrected, Date.now(), 'Correction', null), gateway);

    // Leaves are H(0x00 || SCALE(member)); inner nodes H(0x01 || left || right).
    const members = [0, 1].map((index) =>
      api.createType('MedanchorPrimitivesRecordsBatchLeaf', {
        recordId: randomAsU8a(32),
        kind: 'VitalSigns',
        contentHash: { algorithm: 'Blake2b256', digest: blake2(new Uint8Array([index, 72])) },
        generatedAt: Date.now() - 1_000,
        salt: randomAsU8a(32),
      }),
    );
    const leaves = members.map((member) => blake2(u8aConcat(new Uint8Array([0]), member.toU8a())));
    const root = blake2(u8aConcat(new Uint8Array([1]), leaves[0], leaves[1]));
    batch = { id: randomAsU8a(32), members, leaves };
    await submit(
      api,
      api.tx.anchors.anchorBatch(null, {
        id: batch.id,
        kind: 'VitalSigns',
        class: 'Inpatient',
        patient: u8aToHex(patient),
        root: { algorithm: 'Blake2b256', digest: u8aToHex(root) },
        leafCount: 2,
        firstGeneratedAt: Date.now() - 1_000,
        lastGeneratedAt: Date.now() - 1_000,
      }),
      device,
    );
    const view = (await api.call.anchorsApi.record(records.admission.id)).unwrap();
    assert.equal(view.institution.toNumber(), hospital);
    assert.equal(view.versions.length, 2);
  });

  test('a court runs the case to its end', async () => {
    let events = await submit(api, api.tx.judicial.openCase('（2026）京0105民初20001号', [hospital], patient), clerk);
    caseId = event(events, 'judicial', 'CaseOpened').case.toNumber();

    // Every judicial query, each disclosed in an event.
    events = await submit(api, api.tx.judicial.queryPatientRecords(caseId, hospital, 0, 10), clerk);
    const page = event(events, 'judicial', 'PatientRecordsDisclosed');
    assert.deepEqual(page.records.map((r) => u8aToHex(r.id)), [records.admission.id, records.note.id].map((id) => u8aToHex(id)));
    events = await submit(api, api.tx.judicial.queryRecord(caseId, records.admission.id), clerk);
    assert.equal(event(events, 'judicial', 'RecordDisclosed').record.versions.length, 2);
    events = await submit(
      api,
      api.tx.judicial.queryBatch(caseId, batch.id, [
        { leaf: batch.members[0], index: 0, proof: [batch.leaves[1]] },
        { leaf: batch.members[1], index: 1, proof: [batch.leaves[1]] },
      ]),
      clerk,
    );
    assert.deepEqual(
      event(events, 'judicial', 'BatchDisclosed').members.map(([index, status]) => [index.toNumber(), status.type]),
      [[0, 'Valid'], [1, 'Invalid']],
    );
    await rejects(
      submit(api, api.tx.judicial.queryRecord(caseId, records.admission.id), otherClerk),
      'judicial.CaseOfOtherCourt',
    );

    // Sealing stops the hospital from amending.
    await submit(api, api.tx.judicial.sealPatientRecords(caseId, hospital, 0), clerk);
    await submit(api, api.tx.judicial.sealItems(caseId, [{ Batch: batch.id }]), clerk);
    const rewritten = { algorithm: 'Blake2b256', digest: u8aToHex(blake2(stringToU8a('入院记录 v3'))) };
    await rejects(
      submit(api, api.tx.anchors.amendRecord(records.admission.id, 1, rewritten, Date.now(), 'Correction', null), gateway),
      'anchors.RecordHeld',
    );

    // A verdict of each kind.
    const verdicts = [
      ['入院记录 v2', { Institution: hospital }, 'MatchesLatest'],
      ['入院记录 v1', 'PatientSide', 'MatchesEarlierVersion'],
      ['入院记录（篡改）', { Institution: hospital }, 'Mismatch'],
    ];
    for (const [content, by, expected] of verdicts) {
      events = await submit(api, api.tx.judicial.recordVerdict(caseId, records.admission.id, presented(content), by), clerk);
      assert.equal(event(events, 'judicial', 'VerdictRecorded').verdict.type, expected);
    }
    events = await submit(
      api,
      api.tx.judicial.recordNotAnchored(caseId, hospital, randomAsU8a(32), presented('护理记录'), 'Court'),
      clerk,
    );
    assert.equal(event(events, 'judicial', 'VerdictRecorded').verdict.type, 'NotAnchored');

    // The evidence report.
    const report = (await api.call.judicialApi.evidenceReport(caseId, records.admission.id)).asOk;
    assert.equal(u8aToString(report.caseNumber), '（2026）京0105民初20001号');
    assert.equal(report.record.versions.length, 2);
    assert.ok(report.held.isTrue);
    assert.equal(report.verdicts.length, 3);
    assert.deepEqual(report.access.map(([, entry]) => entry.query.type), ['PatientRecords', 'Record']);
    const score = (await api.call.reputationApi.reputation(hospital)).unwrap().score.toNumber();
    assert.ok(score < 600, `the mismatch and the missing anchor lowered the score to ${score}`);

    events = await submit(api, api.tx.judicial.closeCase(caseId), clerk);
    assert.equal(event(events, 'judicial', 'CaseClosed').sealsLifted.length, 1);
    await submit(
      api,
      api.tx.anchors.amendRecord(records.admission.id, 1, rewritten, Date.now(), 'Correction', null),
      gateway,
    );
  });

  test('the era pays the hospital and the rankings list it', async () => {
    const free = async () => (await api.query.system.account(payout.address)).data.free.toBigInt();
    const before = await free();
    await submit(api, api.tx.anchors.anchorRecord(null, record(3, 'ProgressNote', '日常病程记录')), gateway);
    // Development eras last 20 blocks; wait for the payout within a bound.
    const deadline = Date.now() + 120_000;
    while ((await free()) === before && Date.now() < deadline) await sleep(1_000);
    const paid = (await free()) - before;
    assert.ok(paid > 0n, 'the hospital was paid within two minutes');
    const view = (await api.call.reputationApi.reputation(hospital)).unwrap();
    assert.ok(view.history.length >= 1);
    assert.equal(view.history[view.history.length - 1].paid.toBigInt() > 0n, true);
    const ranking = await api.call.reputationApi.rankings(10, u8aToHex(stringToU8a('110105')));
    assert.ok(ranking.some((entry) => entry.institution.toNumber() === hospital));
  });
});
