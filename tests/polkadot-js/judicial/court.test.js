// A court works a medical-dispute case on a real dev node through @polkadot/api: it opens the
// case, reads the disclosed anchors from the query events, seals records, records verdicts,
// reads the evidence report through the JudicialApi runtime API and closes the case. The
// hospital and the patient side seal records by agreement with a signature made here.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stringToU8a, u8aConcat, u8aToHex, u8aToString, u8aWrapBytes } from '@polkadot/util';
import { blake2AsU8a, randomAsU8a } from '@polkadot/util-crypto';
import { ModuleError, startDevNode, submit } from '../lib/node.js';

const SAMPLE_HOSPITAL = 0;
const SAMPLE_CLINIC = 1;
const UNIT = 10n ** 12n;

let chain;
let api;
let alice;
let dave;
let eve;
let clerk;
let otherClerk;
let patientSide;
const patient = randomAsU8a(32);
const encounter = randomAsU8a(32);
let nextSequence = 1;

async function rejects(promise, expected) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ModuleError, `expected ${expected}, got ${error}`);
    assert.equal(error.moduleError, expected);
    return true;
  });
}

function blake2(text) {
  return blake2AsU8a(stringToU8a(text), 256);
}

/** Returns a content hash as anchoring calls take it, with a hex digest for `Bytes`. */
function submitted(text) {
  return { algorithm: 'Blake2b256', digest: u8aToHex(blake2(text)) };
}

/** Returns a content hash as judicial calls take it, with a 32-byte digest. */
function presented(text) {
  return { algorithm: 'Blake2b256', digest: blake2(text) };
}

/** Anchors a record of the test patient at the sample hospital through its gateway (Eve). */
async function anchor(content) {
  const id = randomAsU8a(32);
  await submit(
    api,
    api.tx.anchors.anchorRecord(null, {
      id,
      patient,
      encounter,
      class: 'Inpatient',
      sequence: nextSequence++,
      kind: 'ProgressNote',
      contentHash: submitted(content),
      generatedAt: Date.now(),
      event: null,
    }),
    eve,
  );
  return id;
}

function amend(id, previous, content) {
  return submit(api, api.tx.anchors.amendRecord(id, previous, submitted(content), Date.now(), 'Correction', null), eve);
}

function findEvent(events, section, method) {
  const event = events.find((e) => e.section === section && e.method === method);
  assert.ok(event, `expected a ${section}.${method} event`);
  return event;
}

/** Builds the message the patient side signs to seal `items` with `institution`. */
function agreementMessage(reference, institution, items) {
  const encoded = api.createType('(H256, u32, H256, Vec<MedanchorPrimitivesJudicialSealItem>)', [
    reference,
    institution,
    patient,
    items,
  ]);
  return u8aConcat(stringToU8a('MEDANCHOR/SEAL-AGREEMENT/1'), api.genesisHash.toU8a(), encoded.toU8a());
}

function additionMessage(reference, addition, items) {
  const encoded = api.createType('(H256, u32, Vec<MedanchorPrimitivesJudicialSealItem>)', [
    reference,
    addition,
    items,
  ]);
  return u8aConcat(stringToU8a('MEDANCHOR/SEAL-ADDITION/1'), api.genesisHash.toU8a(), encoded.toU8a());
}

describe('a court works a case on a dev node', () => {
  before(async () => {
    chain = await startDevNode();
    api = chain.api;
    alice = chain.keyring.addFromUri('//Alice');
    dave = chain.keyring.addFromUri('//Dave');
    eve = chain.keyring.addFromUri('//Eve');
    clerk = chain.keyring.addFromUri('//ChaoyangClerk');
    otherClerk = chain.keyring.addFromUri('//PudongClerk');
    patientSide = chain.keyring.addFromUri('//PatientSide');
    for (const account of [clerk, otherClerk]) {
      await submit(api, api.tx.balances.transferKeepAlive(account.address, 1_000n * UNIT), alice);
    }
  });

  after(async () => {
    await chain?.stop();
  });

  test('the judicial authority registers courts; others cannot', async () => {
    const register = (designator, name, region, clerks) =>
      api.tx.judicial.registerCourt(designator, name, region, clerks);
    await rejects(
      submit(api, register('京0105', '北京市朝阳区人民法院', '110105', [clerk.address]), alice),
      'BadOrigin',
    );
    await rejects(
      submit(api, api.tx.sudo.sudo(register('Beijing', '法院', '110105', [])), alice),
      'judicial.MalformedDesignator',
    );
    await rejects(
      submit(api, api.tx.sudo.sudo(register('京01', '法院', '110105', [eve.address])), alice),
      'judicial.AccountActsForEntity',
    );
    const events = await submit(
      api,
      api.tx.sudo.sudo(register('京0105', '北京市朝阳区人民法院', '110105', [clerk.address])),
      alice,
    );
    assert.equal(findEvent(events, 'judicial', 'CourtRegistered').data.court.toNumber(), 0);
    await submit(
      api,
      api.tx.sudo.sudo(register('沪0115', '上海市浦东新区人民法院', '310115', [otherClerk.address])),
      alice,
    );
    const court = (await api.call.judicialApi.court(0)).unwrap();
    assert.equal(u8aToString(court.name), '北京市朝阳区人民法院');
    assert.deepEqual(court.clerks.map((c) => c.toString()), [clerk.address]);
  });

  test('a clerk opens a case under a valid case number only', async () => {
    const open = (number, institutions = [SAMPLE_HOSPITAL]) =>
      submit(api, api.tx.judicial.openCase(number, institutions, patient), clerk);
    await rejects(open('2026京0105民初1号'), 'judicial.MalformedCaseNumber');
    await rejects(open('（2026）沪0115民初1号'), 'judicial.CaseNumberOfOtherCourt');
    await rejects(open('（2026）京0105民初1号', [2]), 'judicial.NotAnInstitution');
    await rejects(open('（2026）京0105民初1号', [99]), 'judicial.InstitutionNotFound');
    await rejects(
      submit(api, api.tx.judicial.openCase('（2026）京0105民初1号', [SAMPLE_HOSPITAL], patient), dave),
      'judicial.NotAClerk',
    );
    const events = await open('(2026)京0105民初12345号');
    const opened = findEvent(events, 'judicial', 'CaseOpened').data;
    assert.equal(opened.case.toNumber(), 0);
    assert.equal(u8aToString(opened.number), '（2026）京0105民初12345号');
    await rejects(open('〔2026〕京0105民初12345号'), 'judicial.CaseNumberInUse');
    const found = await api.call.judicialApi.caseByNumber('(2026)京0105民初12345号');
    assert.equal(found.unwrap().toNumber(), 0);
  });

  test('open, query, seal, verify and close: the whole flow', async () => {
    const record = await anchor('admission record v1');
    await amend(record, 0, 'admission record v2');
    await anchor('progress note');

    // The clerk reads the disclosed anchors from the query events.
    let events = await submit(api, api.tx.judicial.queryPatientRecords(0, SAMPLE_HOSPITAL, 0, 100), clerk);
    const page = findEvent(events, 'judicial', 'PatientRecordsDisclosed').data;
    assert.equal(page.records.length, 2);
    assert.equal(u8aToHex(page.records[0].id), u8aToHex(record));
    assert.equal(page.records[0].versions.toNumber(), 2);
    assert.ok(page.next.isNone);
    events = await submit(api, api.tx.judicial.queryRecord(0, record), clerk);
    const disclosed = findEvent(events, 'judicial', 'RecordDisclosed').data.record;
    assert.equal(disclosed.versions.length, 2);
    assert.equal(u8aToHex(disclosed.versions[1].contentHash.digest), u8aToHex(blake2('admission record v2')));

    // Another court may do nothing on the case.
    await rejects(submit(api, api.tx.judicial.queryRecord(0, record), otherClerk), 'judicial.CaseOfOtherCourt');
    await rejects(
      submit(api, api.tx.judicial.queryRecord(0, randomAsU8a(32)), clerk),
      'judicial.RecordNotFound',
    );

    // Sealing stops amendments.
    events = await submit(api, api.tx.judicial.sealItems(0, [{ Record: record }]), clerk);
    assert.equal(findEvent(events, 'judicial', 'SealedByCourt').data.seal.toNumber(), 0);
    await rejects(amend(record, 1, 'rewritten during the case'), 'anchors.RecordHeld');
    await rejects(
      submit(api, api.tx.judicial.sealItems(0, [{ Record: record }]), clerk),
      'judicial.AlreadySealedByCase',
    );
    assert.ok((await api.call.judicialApi.isHeld({ Record: record })).isTrue);

    // Every verdict.
    const verdicts = [
      ['admission record v2', { Institution: SAMPLE_HOSPITAL }, 'MatchesLatest'],
      ['admission record v1', 'PatientSide', 'MatchesEarlierVersion'],
      ['an edited copy', { Institution: SAMPLE_HOSPITAL }, 'Mismatch'],
    ];
    for (const [content, by, expected] of verdicts) {
      events = await submit(api, api.tx.judicial.recordVerdict(0, record, presented(content), by), clerk);
      assert.equal(findEvent(events, 'judicial', 'VerdictRecorded').data.verdict.type, expected);
    }
    events = await submit(
      api,
      api.tx.judicial.recordNotAnchored(0, SAMPLE_HOSPITAL, randomAsU8a(32), presented('unanchored'), 'Court'),
      clerk,
    );
    assert.equal(findEvent(events, 'judicial', 'VerdictRecorded').data.verdict.type, 'NotAnchored');
    await rejects(
      submit(api, api.tx.judicial.recordVerdict(0, record, presented('an edited copy'), { Institution: SAMPLE_HOSPITAL }), clerk),
      'judicial.AlreadyVerified',
    );
    await rejects(
      submit(api, api.tx.judicial.recordVerdict(0, record, presented('x'), { Institution: SAMPLE_CLINIC }), clerk),
      'judicial.NotCaseInstitution',
    );

    // The evidence report through the runtime API.
    const report = (await api.call.judicialApi.evidenceReport(0, record)).asOk;
    assert.equal(u8aToString(report.caseNumber), '（2026）京0105民初12345号');
    assert.equal(u8aToString(report.courtName), '北京市朝阳区人民法院');
    assert.equal(report.record.institution.toNumber(), SAMPLE_HOSPITAL);
    assert.equal(report.record.versions.length, 2);
    assert.equal(report.record.versions[0].timeliness.type, 'AtGeneration');
    assert.equal(report.blocks.length, 2);
    for (const block of report.blocks) {
      const hash = await api.rpc.chain.getBlockHash(block.number);
      assert.equal(block.blockHash.unwrap().toHex(), hash.toHex());
    }
    assert.ok(report.held.isTrue);
    assert.deepEqual(
      report.verdicts.map(([, v]) => v.verdict.type),
      ['MatchesLatest', 'MatchesEarlierVersion', 'Mismatch'],
    );
    assert.deepEqual(
      report.access.map(([, entry]) => entry.query.type),
      ['PatientRecords', 'Record'],
    );
    assert.equal(report.access[1][1].clerk.toString(), clerk.address);
    const missing = await api.call.judicialApi.evidenceReport(0, randomAsU8a(32));
    assert.equal(missing.asErr.type, 'RecordNotFound');

    // Closing the case lifts the seal.
    events = await submit(api, api.tx.judicial.closeCase(0), clerk);
    assert.deepEqual(findEvent(events, 'judicial', 'CaseClosed').data.sealsLifted.map((s) => s.toNumber()), [0]);
    assert.ok((await api.call.judicialApi.isHeld({ Record: record })).isFalse);
    await amend(record, 1, 'after the judgment');
    await rejects(submit(api, api.tx.judicial.queryRecord(0, record), clerk), 'judicial.CaseNotOpen');
    const closed = (await api.call.judicialApi.case(0)).unwrap();
    assert.ok(closed.closed.isSome);
    assert.equal(closed.seals[0].state.type, 'Lifted');
  });

  test('the hospital and the patient side seal by agreement; a case adopts the seal', async () => {
    const first = await anchor('operation record');
    const reference = randomAsU8a(32);
    const items = [{ Record: first }];
    const key = { Sr25519: patientSide.publicKey };

    // A signature by another key, then a valid one made the way browser wallets sign.
    const stranger = chain.keyring.addFromUri('//Stranger');
    await rejects(
      submit(
        api,
        api.tx.judicial.sealByAgreement(reference, patient, items, key, {
          Sr25519: stranger.sign(agreementMessage(reference, SAMPLE_HOSPITAL, items)),
        }),
        dave,
      ),
      'judicial.BadPatientSignature',
    );
    const signature = { Sr25519: patientSide.sign(u8aWrapBytes(agreementMessage(reference, SAMPLE_HOSPITAL, items))) };
    await rejects(
      submit(api, api.tx.judicial.sealByAgreement(reference, patient, items, key, signature), eve),
      'judicial.NotAnInstitutionAdmin',
    );
    let events = await submit(api, api.tx.judicial.sealByAgreement(reference, patient, items, key, signature), dave);
    const seal = findEvent(events, 'judicial', 'SealedByAgreement').data.seal.toNumber();
    await rejects(amend(first, 0, 'changed after the agreement'), 'anchors.RecordHeld');

    // A record written later in the same encounter is added with a new signature.
    const later = await anchor('post-operative note');
    const added = [{ Record: later }];
    events = await submit(
      api,
      api.tx.judicial.addToAgreedSeal(seal, added, { Sr25519: patientSide.sign(additionMessage(reference, 0, added)) }),
      dave,
    );
    assert.equal(findEvent(events, 'judicial', 'AddedToAgreedSeal').data.addition.toNumber(), 1);

    // A new case adopts the seal; its report shows both signatures.
    events = await submit(api, api.tx.judicial.openCase('（2026）京0105民初12346号', [SAMPLE_HOSPITAL], patient), clerk);
    const caseId = findEvent(events, 'judicial', 'CaseOpened').data.case.toNumber();
    await rejects(submit(api, api.tx.judicial.adoptSeal(caseId, seal), otherClerk), 'judicial.CaseOfOtherCourt');
    await submit(api, api.tx.judicial.adoptSeal(caseId, seal), clerk);
    const view = (await api.call.judicialApi.seal(seal)).unwrap();
    assert.equal(view.state.type, 'Active');
    assert.equal(view.basis.asAgreement.adoptedBy.unwrap().toNumber(), caseId);
    assert.equal(view.basis.asAgreement.signatures.length, 2);
    assert.equal(view.items.length, 2);
    await submit(api, api.tx.judicial.closeCase(caseId), clerk);
    assert.equal((await api.call.judicialApi.seal(seal)).unwrap().state.type, 'Lifted');
    await amend(first, 0, 'after the case');
  });
});
