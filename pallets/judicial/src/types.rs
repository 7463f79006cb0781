//! Domain types of the judicial pallet: courts, cases, seals, the access log, verdicts, and the
//! views its runtime API returns.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{ConstU32, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use medanchor_primitives::{
	anchors::{
		BatchId, Millis, ProofStatus, RecordView, Timeliness, Verdict, VersionIndex, WritingStatus,
	},
	institutions::{EntityId, RegionCode},
	judicial::{CaseId, CourtId, Presenter, SealId, SealItem},
	records::{BatchLeaf, ContentHash, EncounterRef, Hash32, PatientRef, RecordId, RecordKind},
};
use scale_info::TypeInfo;
use sp_runtime::{MultiSignature, MultiSigner};

extern crate alloc;
use alloc::vec::Vec;

/// Maximum length of a court designator (法院代字) in bytes: six Chinese characters and six
/// digits.
pub const MAX_DESIGNATOR_LENGTH: u32 = 30;

/// Maximum length of a case number (案号) in bytes, in its stored form.
pub const MAX_CASE_NUMBER_LENGTH: u32 = 96;

/// A court designator (法院代字) such as `京0105`, as UTF-8.
pub type Designator = BoundedVec<u8, ConstU32<MAX_DESIGNATOR_LENGTH>>;

/// A case number (案号) in its stored form, as UTF-8.
pub type CaseNumber = BoundedVec<u8, ConstU32<MAX_CASE_NUMBER_LENGTH>>;

/// Status of a court.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum CourtStatus {
	/// Its clerks act.
	Active,
	/// Its clerks cannot act; its open cases and their seals stay as they are.
	Suspended,
	/// Removed by the judicial authority; kept so that its past cases still name it.
	Removed,
}

/// A registered court.
#[derive(
	CloneNoBound, DebugNoBound, Decode, Encode, EqNoBound, MaxEncodedLen, PartialEqNoBound, TypeInfo,
)]
#[scale_info(skip_type_params(MaxName, MaxClerks))]
pub struct CourtInfo<
	AccountId: Clone + Eq + core::fmt::Debug,
	MaxName: Get<u32>,
	MaxClerks: Get<u32>,
> {
	/// Court designator (法院代字) that its case numbers carry, such as `京0105`.
	pub designator: Designator,
	/// Full name, such as 北京市朝阳区人民法院.
	pub name: BoundedVec<u8, MaxName>,
	/// GB/T 2260 code of its region.
	pub region: RegionCode,
	/// Whether its clerks may act.
	pub status: CourtStatus,
	/// Clerk accounts (书记员 and judges acting through the court's system).
	pub clerks: BoundedVec<AccountId, MaxClerks>,
	/// Number of its cases that are open.
	pub open_cases: u32,
}

/// A case as the pallet stores it.
#[derive(
	CloneNoBound, DebugNoBound, Decode, Encode, EqNoBound, MaxEncodedLen, PartialEqNoBound, TypeInfo,
)]
#[scale_info(skip_type_params(MaxInstitutions, MaxAdopted))]
pub struct CaseInfo<
	BlockNumber: Clone + Eq + core::fmt::Debug,
	MaxInstitutions: Get<u32>,
	MaxAdopted: Get<u32>,
> {
	/// The court that opened it.
	pub court: CourtId,
	/// Case number (案号), with full-width brackets around the year.
	pub number: CaseNumber,
	/// Medical institutions involved.
	pub institutions: BoundedVec<EntityId, MaxInstitutions>,
	/// The patient reference.
	pub patient: PatientRef,
	/// Block in which it was opened.
	pub opened_block: BlockNumber,
	/// Time at which it was opened.
	pub opened_at: Millis,
	/// Block and time at which it was closed; `None` while it is open.
	pub closed: Option<(BlockNumber, Millis)>,
	/// The seal this case put on records by court order, once it sealed any.
	pub court_seal: Option<SealId>,
	/// Seals by agreement that this case adopted.
	pub adopted: BoundedVec<SealId, MaxAdopted>,
	/// Number of entries in its access log.
	pub access_entries: u32,
	/// Number of verdicts recorded in it.
	pub verdicts: u32,
}

impl<B: Clone + Eq + core::fmt::Debug, I: Get<u32>, A: Get<u32>> CaseInfo<B, I, A> {
	/// Returns whether the case is open.
	pub fn is_open(&self) -> bool {
		self.closed.is_none()
	}

	/// Returns the seals this case holds: its own and the adopted ones.
	pub fn seals(&self) -> impl Iterator<Item = SealId> + '_ {
		self.court_seal.into_iter().chain(self.adopted.iter().copied())
	}
}

/// Public key of the patient side (患方) that signs a seal by agreement.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum PatientKey {
	/// Schnorrkel/Ristretto (sr25519), the default of Polkadot wallets.
	#[codec(index = 0)]
	Sr25519([u8; 32]),
	/// Ed25519.
	#[codec(index = 1)]
	Ed25519([u8; 32]),
	/// ECDSA over secp256k1, compressed; signatures are over the Blake2b-256 of the message.
	#[codec(index = 2)]
	Ecdsa([u8; 33]),
}

/// Encodings of the Ed25519 points of small order (orders 1, 2, 4 and 8), with the sign bit of
/// the last byte cleared. With the bit set they encode the same points or non-canonical ones.
/// A signature can be made to verify under such a key without any private key.
const ED25519_SMALL_ORDER: [[u8; 32]; 7] = [
	[0; 32],
	[
		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0,
	],
	[
		0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
		0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
		0xfc, 0x05,
	],
	[
		0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
		0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
		0x03, 0x7a,
	],
	[
		0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
	[
		0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
	[
		0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
];

impl PatientKey {
	/// Returns whether the key is degenerate: the sr25519 identity or an Ed25519 point of small
	/// order, for which one fixed signature verifies on every message.
	pub fn is_weak(&self) -> bool {
		match self {
			PatientKey::Sr25519(raw) => raw == &[0u8; 32],
			PatientKey::Ed25519(raw) => {
				let mut masked = *raw;
				if let Some(last) = masked.last_mut() {
					*last &= 0x7f;
				}
				ED25519_SMALL_ORDER.contains(&masked)
			},
			// secp256k1 has prime order, and a key off the curve never verifies.
			PatientKey::Ecdsa(_) => false,
		}
	}
}

impl From<PatientKey> for MultiSigner {
	fn from(key: PatientKey) -> Self {
		match key {
			PatientKey::Sr25519(raw) => {
				MultiSigner::Sr25519(sp_core::sr25519::Public::from_raw(raw))
			},
			PatientKey::Ed25519(raw) => {
				MultiSigner::Ed25519(sp_core::ed25519::Public::from_raw(raw))
			},
			PatientKey::Ecdsa(raw) => MultiSigner::Ecdsa(sp_core::ecdsa::Public::from_raw(raw)),
		}
	}
}

/// Why a seal holds its items.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub enum SealBasis {
	/// A court ordered it for a case.
	CourtOrder {
		/// The case.
		case: CaseId,
	},
	/// The institution and the patient side agreed to it (封存 by agreement).
	Agreement {
		/// The institution.
		institution: EntityId,
		/// Reference of the seal list the institution chose, unique on the chain.
		reference: [u8; 32],
		/// The patient side's public key.
		patient_key: PatientKey,
		/// Time after which it lapses unless a case adopted it.
		lapses_at: Millis,
		/// The case that adopted it.
		adopted_by: Option<CaseId>,
		/// Number of additions made after the first list.
		additions: u32,
	},
}

/// A seal as the pallet stores it; its items are in `SealItems`.
#[derive(
	CloneNoBound, DebugNoBound, Decode, Encode, EqNoBound, MaxEncodedLen, PartialEqNoBound, TypeInfo,
)]
#[scale_info(skip_type_params(MaxEncounters))]
pub struct SealInfo<BlockNumber: Clone + Eq + core::fmt::Debug, MaxEncounters: Get<u32>> {
	/// Why it holds its items.
	pub basis: SealBasis,
	/// The patient reference of its items.
	pub patient: PatientRef,
	/// Number of items.
	pub items: u32,
	/// Encounters of its records; records added to an agreed seal later must be in one of them.
	pub encounters: BoundedVec<EncounterRef, MaxEncounters>,
	/// Block in which it was made.
	pub created_block: BlockNumber,
	/// Time at which it was made.
	pub created_at: Millis,
}

impl<B: Clone + Eq + core::fmt::Debug, E: Get<u32>> SealInfo<B, E> {
	/// Returns whether this is a seal by agreement that no case adopted: one that the
	/// institution and the patient side control alone.
	pub fn is_unadopted_agreement(&self) -> bool {
		matches!(self.basis, SealBasis::Agreement { adopted_by: None, .. })
	}
}

/// Whether a seal holds its items now.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum SealState {
	/// It holds its items.
	Active,
	/// Its case closed, or the case that adopted it closed.
	Lifted,
	/// An agreed seal that no case adopted, after its lapse time.
	Lapsed,
}

/// The subject of a judicial query.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub enum AccessQuery {
	/// A page of the patient's records at an institution.
	#[codec(index = 0)]
	PatientRecords {
		/// The institution.
		institution: EntityId,
		/// Position in the patient's index the page started at.
		cursor: u32,
		/// Number of records disclosed.
		disclosed: u32,
	},
	/// One record with all its versions.
	#[codec(index = 1)]
	Record(RecordId),
	/// A batch and the proof status of members.
	#[codec(index = 2)]
	Batch {
		/// The batch.
		batch: BatchId,
		/// Number of members checked.
		members: u32,
	},
}

/// One entry of a case's access log.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct AccessEntry<AccountId, BlockNumber> {
	/// The court.
	pub court: CourtId,
	/// The clerk account that queried.
	pub clerk: AccountId,
	/// The subject of the query.
	pub query: AccessQuery,
	/// Block of the query.
	pub block: BlockNumber,
	/// Time of the query.
	pub at: Millis,
}

/// A verification verdict recorded in a case.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct VerdictEntry<AccountId, BlockNumber> {
	/// The record.
	pub record: RecordId,
	/// The institution that owns the record, or that the court named for a record never
	/// anchored.
	pub institution: EntityId,
	/// Hash of the presented document.
	pub presented: ContentHash,
	/// The party that presented it.
	pub presented_by: Presenter,
	/// The verdict.
	pub verdict: Verdict,
	/// The version that matched.
	pub version: Option<VersionIndex>,
	/// Whether the matching version was anchored at generation.
	pub timeliness: Option<Timeliness>,
	/// Whether the matching version was written within its deadline.
	pub writing: Option<WritingStatus>,
	/// Number of versions the record had.
	pub versions: u32,
	/// The clerk account that recorded it.
	pub clerk: AccountId,
	/// Block in which it was recorded.
	pub block: BlockNumber,
	/// Time at which it was recorded.
	pub at: Millis,
}

/// A record disclosed by a patient-records query.
#[derive(Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, PartialEq, TypeInfo)]
pub struct DisclosedRecord {
	/// The record's id.
	pub id: RecordId,
	/// Its encounter.
	pub encounter: EncounterRef,
	/// Its number in the encounter.
	pub sequence: u32,
	/// Its kind.
	pub kind: RecordKind,
	/// Number of versions.
	pub versions: u32,
	/// Hash of the latest version.
	pub latest: ContentHash,
}

/// A batch member whose inclusion a court checks.
#[derive(Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, PartialEq, TypeInfo)]
pub struct MemberQuery {
	/// The member's leaf as the institution disclosed it.
	pub leaf: BatchLeaf,
	/// Its index in the batch.
	pub index: u64,
	/// Its audit path, leaf level first.
	pub proof: Vec<Hash32>,
}

/// A court as the runtime API returns it.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
pub struct CourtView<AccountId> {
	/// The court's id.
	pub id: CourtId,
	/// Court designator, UTF-8.
	pub designator: Vec<u8>,
	/// Name, UTF-8.
	pub name: Vec<u8>,
	/// Region code.
	pub region: RegionCode,
	/// Status.
	pub status: CourtStatus,
	/// Clerk accounts.
	pub clerks: Vec<AccountId>,
	/// Number of open cases.
	pub open_cases: u32,
}

/// The basis of a seal, as the runtime API returns it.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
pub enum SealBasisView {
	/// Ordered by a court for a case.
	CourtOrder {
		/// The case.
		case: CaseId,
	},
	/// Agreed by an institution and the patient side.
	Agreement {
		/// The institution.
		institution: EntityId,
		/// Reference of the seal list.
		reference: [u8; 32],
		/// The patient side's key.
		patient_key: PatientKey,
		/// Lapse time unless adopted.
		lapses_at: Millis,
		/// Adopting case.
		adopted_by: Option<CaseId>,
		/// The patient side's signatures: on the first list, then on each addition.
		signatures: Vec<MultiSignature>,
	},
}

/// A seal as the runtime API returns it.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
pub struct SealView<BlockNumber> {
	/// The seal's id.
	pub id: SealId,
	/// Its basis: a court order or an agreement.
	pub basis: SealBasisView,
	/// Whether it holds its items now.
	pub state: SealState,
	/// The patient reference.
	pub patient: PatientRef,
	/// The items it holds.
	pub items: Vec<SealItem>,
	/// Block in which it was made.
	pub created_block: BlockNumber,
	/// Time at which it was made.
	pub created_at: Millis,
}

/// A case as the runtime API returns it.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
pub struct CaseView<AccountId, BlockNumber> {
	/// The case's id.
	pub id: CaseId,
	/// The court.
	pub court: CourtId,
	/// Case number, UTF-8.
	pub number: Vec<u8>,
	/// Institutions involved.
	pub institutions: Vec<EntityId>,
	/// Patient reference.
	pub patient: PatientRef,
	/// Block in which it was opened.
	pub opened_block: BlockNumber,
	/// Time at which it was opened.
	pub opened_at: Millis,
	/// Block and time of closing.
	pub closed: Option<(BlockNumber, Millis)>,
	/// Its seals: by court order first, then adopted ones.
	pub seals: Vec<SealView<BlockNumber>>,
	/// Its verdicts, in the order recorded.
	pub verdicts: Vec<VerdictEntry<AccountId, BlockNumber>>,
	/// Number of entries in its access log.
	pub access_entries: u32,
}

/// A version's anchoring block with its hash.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
pub struct BlockRef<BlockNumber, Hash> {
	/// Block number.
	pub number: BlockNumber,
	/// Block hash while the chain state still holds it (the genesis block and the most recent
	/// `BlockHashCount` blocks before the queried one). `None` otherwise; the node's
	/// `chain_getBlockHash` returns it then.
	/// Named `block_hash` because polkadot.js gives every decoded struct a `hash` property.
	pub block_hash: Option<Hash>,
}

/// Everything a judge needs about one record in a case (证据报告).
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
pub struct EvidenceReport<AccountId, BlockNumber, Hash> {
	/// The case's id.
	pub case: CaseId,
	/// Case number, UTF-8.
	pub case_number: Vec<u8>,
	/// The court.
	pub court: CourtId,
	/// The court's name, UTF-8.
	pub court_name: Vec<u8>,
	/// Whether the case is open.
	pub case_open: bool,
	/// Region code of the record's institution.
	pub institution_region: Option<RegionCode>,
	/// The record with every version: hashes, generation and anchoring times, delays,
	/// timeliness and writing-deadline status.
	pub record: RecordView<BlockNumber>,
	/// The anchoring block of each version, in version order.
	pub blocks: Vec<BlockRef<BlockNumber, Hash>>,
	/// Whether any seal holds the record now.
	pub held: bool,
	/// Every seal that names the record, in any case or agreement.
	pub seals: Vec<SealView<BlockNumber>>,
	/// Every verdict on the record, in any case, with the case's id.
	pub verdicts: Vec<(CaseId, VerdictEntry<AccountId, BlockNumber>)>,
	/// Every judicial query that disclosed the record, with the case's id.
	pub access: Vec<(CaseId, AccessEntry<AccountId, BlockNumber>)>,
	/// Whether lists were cut at the runtime API's limit.
	pub truncated: bool,
}

/// The reason no evidence report was returned.
#[derive(Clone, Copy, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
pub enum ReportError {
	/// No case has this id.
	CaseNotFound,
	/// No record with this id is anchored.
	RecordNotFound,
	/// The record belongs to an institution the case does not name.
	NotCaseInstitution,
	/// The record belongs to another patient than the case's.
	NotCasePatient,
}

/// The facts about a record or batch that the checks of seals compare with a case or a seal.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub(crate) struct ItemFacts {
	pub institution: EntityId,
	pub patient: Option<PatientRef>,
	pub encounter: Option<EncounterRef>,
}

/// Proof status of one checked member, as a batch query discloses it.
pub type MemberStatus = (u64, ProofStatus);
