// The health authority registers and manages institutions on a real dev node, and every
// rejected action fails with the exact module error from the chain's metadata.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ModuleError, startDevNode, submit } from '../lib/node.js';

// Valid Unified Social Credit Codes of fictitious organizations (both check characters hold).
const FREE_CODE = '12110105MA0000031A';
const SAMPLE_HOSPITAL_CODE = '12110105MA0000015L';
const SAMPLE_HOSPITAL = 0;
const SAMPLE_PLATFORM = 2;

let chain;
let api;
let alice;
let dave;
let eve;
let bob;

async function rejects(promise, expected) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ModuleError, `expected ${expected}, got ${error}`);
    assert.equal(error.moduleError, expected);
    return true;
  });
}

function register(overrides = {}) {
  const args = {
    kind: 'Clinic',
    name: '测试门诊部',
    code: FREE_CODE,
    licence: 'PDY00003X110105',
    region: '110105',
    grade: null,
    payout: bob.address,
    admin: bob.address,
    ...overrides,
  };
  return api.tx.institutions.registerEntity(
    args.kind,
    args.name,
    args.code,
    args.licence,
    args.region,
    args.grade,
    args.payout,
    args.admin,
  );
}

describe('institutions registry on a dev node', () => {
  before(async () => {
    chain = await startDevNode();
    api = chain.api;
    alice = chain.keyring.addFromUri('//Alice');
    dave = chain.keyring.addFromUri('//Dave');
    eve = chain.keyring.addFromUri('//Eve');
    bob = chain.keyring.addFromUri('//Bob');
  });

  after(async () => {
    await chain?.stop();
  });

  test('development preset holds the sample entities', async () => {
    const hospital = (await api.query.institutions.entities(SAMPLE_HOSPITAL)).unwrap();
    assert.equal(hospital.kind.toString(), 'Hospital');
    assert.equal(hospital.grade.unwrap().toString(), 'TertiaryA');
    assert.equal(Buffer.from(hospital.creditCode).toString(), SAMPLE_HOSPITAL_CODE);
    assert.equal(hospital.admin.toString(), dave.address);
    const eveRole = (await api.query.institutions.accountToEntity(eve.address)).unwrap();
    assert.equal(eveRole[0].toNumber(), SAMPLE_HOSPITAL);
    assert.equal(eveRole[1].toString(), 'Gateway');
    const delegated = await api.query.institutions.delegations(SAMPLE_HOSPITAL, SAMPLE_PLATFORM);
    assert.ok(delegated.isSome);
  });

  test('signed account cannot register an entity', async () => {
    await rejects(submit(api, register(), alice), 'BadOrigin');
  });

  test('invalid credit code is rejected', async () => {
    await rejects(
      submit(api, api.tx.sudo.sudo(register({ code: '12110105MA0000031B' })), alice),
      'institutions.InvalidCreditCode',
    );
  });

  test('duplicate credit code is rejected', async () => {
    await rejects(
      submit(api, api.tx.sudo.sudo(register({ code: SAMPLE_HOSPITAL_CODE })), alice),
      'institutions.CreditCodeInUse',
    );
  });

  test('invalid region code is rejected', async () => {
    await rejects(
      submit(api, api.tx.sudo.sudo(register({ region: '990000' })), alice),
      'institutions.InvalidRegionCode',
    );
  });

  test('over-long name is rejected', async () => {
    await rejects(
      submit(api, api.tx.sudo.sudo(register({ name: '医'.repeat(43) })), alice),
      'institutions.NameTooLong',
    );
  });

  test('hospital without grade is rejected', async () => {
    await rejects(
      submit(api, api.tx.sudo.sudo(register({ kind: 'Hospital' })), alice),
      'institutions.GradeRequired',
    );
  });

  test('admin bound elsewhere is rejected', async () => {
    await rejects(
      submit(api, api.tx.sudo.sudo(register({ admin: eve.address })), alice),
      'institutions.AccountInUse',
    );
  });

  test('non-admin cannot add accounts', async () => {
    await rejects(
      submit(api, api.tx.institutions.addAccount(SAMPLE_HOSPITAL, alice.address, 'Gateway'), eve),
      'institutions.NotAdmin',
    );
  });

  test('health authority registers, admin manages, suspension stops the admin', async () => {
    const events = await submit(api, api.tx.sudo.sudo(register()), alice);
    const registered = events.find((event) => api.events.institutions.EntityRegistered.is(event));
    assert.ok(registered, 'EntityRegistered was emitted');
    const entity = registered.data.entity.toNumber();
    assert.equal(registered.data.admin.toString(), bob.address);

    const gateway = chain.keyring.addFromUri('//MedAnchorTestGateway');
    await submit(api, api.tx.institutions.addAccount(entity, gateway.address, 'Gateway'), bob);
    const bound = (await api.query.institutions.accountToEntity(gateway.address)).unwrap();
    assert.equal(bound[0].toNumber(), entity);

    await submit(api, api.tx.sudo.sudo(api.tx.institutions.suspendEntity(entity, '病历质量检查')), alice);
    await rejects(
      submit(api, api.tx.institutions.removeAccount(entity, gateway.address), bob),
      'institutions.EntitySuspended',
    );
    await rejects(
      submit(api, api.tx.sudo.sudo(api.tx.institutions.reinstateEntity(SAMPLE_HOSPITAL)), alice),
      'institutions.EntityNotSuspended',
    );

    await submit(api, api.tx.sudo.sudo(api.tx.institutions.revokeEntity(entity)), alice);
    await rejects(
      submit(api, api.tx.sudo.sudo(api.tx.institutions.reinstateEntity(entity)), alice),
      'institutions.EntityRevoked',
    );
  });
});
