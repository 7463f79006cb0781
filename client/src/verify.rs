//! Court verification of a presented document, the evidence report, and the check of a
//! receipt against the chain.

use crate::{
	canon::{self, Format},
	chain::{self, runtime, Chain},
	ids,
	messages::Lang,
	receipt::{self, Receipt},
};
use medanchor_primitives::{
	anchors::{BatchView, ProofStatus, RecordView, Verdict, WritingStatus},
	records::{self, BatchLeaf, ContentHash, HashAlgorithm, RecordKind},
};
use serde::Serialize;
use std::path::Path;

/// Exit codes of `medanchor verify`.
pub const EXIT_MATCHES_LATEST: i32 = 0;
pub const EXIT_MATCHES_EARLIER: i32 = 3;
pub const EXIT_MISMATCH: i32 = 4;
pub const EXIT_NOT_ANCHORED: i32 = 5;

/// The reference to the record of a presented document: its receipt or its record id.
#[derive(Clone, Debug)]
pub enum Target {
	Receipt(Box<Receipt>),
	RecordId([u8; 32]),
}

/// The outcome of a verification, as the report shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
	pub file: String,
	pub verdict: String,
	pub matched_version: Option<u16>,
	pub presented_hash: Vec<ReportHash>,
	pub record_id: String,
	pub institution: Option<u32>,
	pub kind: Option<String>,
	/// Encounter class: `Outpatient`, `Emergency` or `Inpatient`.
	pub class: Option<String>,
	/// Salted patient reference, in hex.
	pub patient: Option<String>,
	/// Salted encounter reference, in hex. A batch has none.
	pub encounter: Option<String>,
	pub held: Option<bool>,
	pub finalized_block: u32,
	pub versions: Vec<ReportVersion>,
	pub batch: Option<ReportBatch>,
	/// Seals and verdicts of the record, read through a case (`--case`).
	pub case: Option<ReportCase>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReportCase {
	pub number: String,
	pub id: u32,
	pub court_name: String,
	pub open: bool,
	pub seals: Vec<ReportSeal>,
	pub verdicts: Vec<ReportVerdict>,
	/// Judicial queries that disclosed the record, in any case.
	pub queries: usize,
	/// Whether the runtime cut the lists at its limit.
	pub truncated: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReportSeal {
	pub id: String,
	pub basis: String,
	/// `basis` in Simplified Chinese, for the text report.
	#[serde(skip)]
	pub basis_zh: String,
	pub state: String,
	pub created_block: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReportVerdict {
	pub case: u32,
	pub verdict: String,
	pub version: Option<u16>,
	pub presented_by: String,
	pub block: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReportHash {
	pub algorithm: String,
	pub digest: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReportVersion {
	pub index: u16,
	pub algorithm: String,
	pub digest: String,
	pub generated_at: u64,
	pub anchored_at: u64,
	pub delay_ms: u64,
	pub timeliness: String,
	pub writing: String,
	pub amendment: Option<String>,
	pub block_number: u32,
	pub block_hash: Option<String>,
	pub finalized: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReportBatch {
	pub batch_id: String,
	pub leaf_index: u64,
	pub status: String,
	pub block_number: u32,
	pub block_hash: Option<String>,
	pub finalized: bool,
}

impl Report {
	pub fn exit_code(&self) -> i32 {
		match self.verdict.as_str() {
			"matches_latest" => EXIT_MATCHES_LATEST,
			"matches_earlier_version" => EXIT_MATCHES_EARLIER,
			"mismatch" => EXIT_MISMATCH,
			_ => EXIT_NOT_ANCHORED,
		}
	}
}

/// Canonicalises a presented file and returns the record that `line` selects.
pub fn presented(
	path: &Path,
	format: Option<Format>,
	line: Option<usize>,
) -> Result<canon::Canonical, String> {
	let content =
		std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
	let format = format.unwrap_or_else(|| canon::detect(path, &content));
	let mut records = canon::canonicalize(format, &content).map_err(|e| {
		format!(
			"{}: not valid {} ({e}); use --raw to compare its bytes",
			path.display(),
			format.name().to_uppercase()
		)
	})?;
	match line {
		Some(line) => records
			.into_iter()
			.find(|r| r.line == Some(line))
			.ok_or_else(|| format!("{} has no record on line {line}", path.display())),
		None if records.len() == 1 => Ok(records.remove(0)),
		None => Err(format!(
			"{} holds {} records (NDJSON); name one with --line or give its receipt",
			path.display(),
			records.len()
		)),
	}
}

fn verdict_name(verdict: Verdict) -> &'static str {
	match verdict {
		Verdict::MatchesLatest => "matches_latest",
		Verdict::MatchesEarlierVersion => "matches_earlier_version",
		Verdict::Mismatch => "mismatch",
		Verdict::NotAnchored => "not_anchored",
	}
}

fn writing_name(writing: WritingStatus) -> String {
	match writing {
		WritingStatus::NoDeadline => "no_deadline".into(),
		WritingStatus::OnTime(rule) => format!("on_time:{rule:?}"),
		WritingStatus::Late(rule) => format!("late:{rule:?}"),
	}
}

fn writing_label(writing: &str, lang: Lang) -> String {
	let (status, rule) = writing.split_once(':').unwrap_or((writing, ""));
	let rule_zh = match rule {
		"FirstProgressNote" => "首次病程记录 8 小时",
		"AdmissionRecord" => "入院记录 24 小时",
		"OperationRecord" => "手术记录 24 小时",
		"RescueRecord" => "抢救记录 6 小时",
		"DischargeRecord" => "出院记录 24 小时",
		_ => rule,
	};
	match (status, lang) {
		("no_deadline", Lang::En) => "no writing deadline applies".into(),
		("no_deadline", Lang::Zh) => "无适用的书写时限".into(),
		("on_time", Lang::En) => format!("written within the deadline ({rule})"),
		("on_time", Lang::Zh) => format!("在书写时限内完成（{rule_zh}）"),
		("late", Lang::En) => format!("written AFTER the deadline ({rule})"),
		("late", Lang::Zh) => format!("超过书写时限（{rule_zh}）"),
		_ => writing.to_string(),
	}
}

/// Verifies the presented file against the chain.
pub async fn verify(
	chain: &Chain,
	path: &Path,
	format: Option<Format>,
	target: &Target,
	line: Option<usize>,
	case: Option<&str>,
) -> Result<Report, String> {
	let line = line.or(match target {
		Target::Receipt(r) => r.line,
		Target::RecordId(_) => None,
	});
	let record = presented(path, format, line)?;
	let finalized = chain.finalized_number().await?;
	let record_id = match target {
		Target::Receipt(r) => receipt::hex32(&r.record_id)?,
		Target::RecordId(id) => *id,
	};

	if let Target::Receipt(receipt) = target {
		if let Some(batch) = &receipt.batch {
			return verify_batch_member(chain, path, &record, receipt, batch, finalized).await;
		}
	}

	let view = chain.call(runtime::runtime_apis().anchors_api().record(record_id)).await?;
	let view: Option<RecordView<u32>> = view.as_ref().map(chain::recode).transpose()?;
	let Some(view) = view else {
		let digest = ContentHash::of(HashAlgorithm::Blake2b256, &record.bytes);
		return Ok(Report {
			file: path.display().to_string(),
			verdict: "not_anchored".into(),
			matched_version: None,
			presented_hash: vec![report_hash(&digest)],
			record_id: hex::encode(record_id),
			institution: None,
			kind: None,
			class: None,
			patient: None,
			encounter: None,
			held: None,
			finalized_block: finalized,
			versions: Vec::new(),
			batch: None,
			case: None,
		});
	};

	// Hash the presented document with every algorithm the record's versions use, and take
	// the best verdict.
	let mut algorithms: Vec<HashAlgorithm> =
		view.versions.iter().map(|v| v.content_hash.algorithm).collect();
	algorithms.dedup();
	let mut presented_hash = Vec::new();
	let mut best: Option<(Verdict, Option<u16>)> = None;
	for algorithm in algorithms {
		let hash = ContentHash::of(algorithm, &record.bytes);
		presented_hash.push(report_hash(&hash));
		let primitive = hash;
		let outcome = chain
			.call(
				runtime::runtime_apis()
					.anchors_api()
					.verify_content(record_id, chain::recode(&primitive)?),
			)
			.await?;
		let outcome: medanchor_primitives::anchors::Verification = chain::recode(&outcome)?;
		let rank = |v: Verdict| match v {
			Verdict::MatchesLatest => 0,
			Verdict::MatchesEarlierVersion => 1,
			Verdict::Mismatch => 2,
			Verdict::NotAnchored => 3,
		};
		if best.is_none_or(|(v, _)| rank(outcome.verdict) < rank(v)) {
			best = Some((outcome.verdict, outcome.version));
		}
	}
	let (verdict, matched_version) = best.unwrap_or((Verdict::NotAnchored, None));

	let held =
		chain
			.call(runtime::runtime_apis().judicial_api().is_held(chain::recode(
				&medanchor_primitives::judicial::SealItem::Record(record_id),
			)?))
			.await?;
	let mut versions = Vec::new();
	for version in &view.versions {
		let hash = chain.block_hash(version.block).await?;
		versions.push(ReportVersion {
			index: version.index,
			algorithm: receipt::algorithm_name(version.content_hash.algorithm).into(),
			digest: hex::encode(version.content_hash.digest),
			generated_at: version.generated_at,
			anchored_at: version.anchored_at,
			delay_ms: version.delay,
			timeliness: receipt::timeliness_name(version.timeliness).into(),
			writing: writing_name(version.writing),
			amendment: version.amendment.map(|a| format!("{a:?}")),
			block_number: version.block,
			block_hash: hash.map(|h| hex::encode(h.0)),
			finalized: version.block <= finalized,
		});
	}
	Ok(Report {
		file: path.display().to_string(),
		verdict: verdict_name(verdict).into(),
		matched_version,
		presented_hash,
		record_id: hex::encode(record_id),
		institution: Some(view.institution),
		kind: Some(format!("{:?}", view.kind)),
		class: Some(format!("{:?}", view.class)),
		patient: Some(hex::encode(view.patient)),
		encounter: Some(hex::encode(view.encounter)),
		held: Some(held),
		finalized_block: finalized,
		versions,
		batch: None,
		case: match case {
			Some(number) => Some(case_report(chain, number, record_id).await?),
			None => None,
		},
	})
}

/// Reads the record's seals, verdicts and judicial queries through the evidence report of
/// the case numbered `number`.
async fn case_report(
	chain: &Chain,
	number: &str,
	record_id: [u8; 32],
) -> Result<ReportCase, String> {
	use runtime::runtime_types::pallet_judicial::types::{ReportError, SealBasisView};
	let id = chain
		.call(runtime::runtime_apis().judicial_api().case_by_number(number.as_bytes().to_vec()))
		.await?
		.ok_or_else(|| format!("no case has the number {number}"))?;
	let report = chain
		.call(runtime::runtime_apis().judicial_api().evidence_report(id, record_id))
		.await?
		.map_err(|error| match error {
			ReportError::CaseNotFound => format!("no case has the number {number}"),
			ReportError::RecordNotFound => "the record is not anchored".to_string(),
			ReportError::NotCaseInstitution => {
				format!("the record belongs to an institution that case {number} does not name")
			},
			ReportError::NotCasePatient => {
				format!("the record belongs to another patient than case {number}'s")
			},
		})?;
	let seals = report
		.seals
		.iter()
		.map(|seal| ReportSeal {
			id: seal.id.to_string(),
			basis: match &seal.basis {
				SealBasisView::CourtOrder { case } => format!("court order in case {case}"),
				SealBasisView::Agreement { institution, adopted_by, .. } => match adopted_by {
					Some(case) => {
						format!("agreement with institution {institution}, adopted by case {case}")
					},
					None => format!("agreement with institution {institution}"),
				},
			},
			basis_zh: match &seal.basis {
				SealBasisView::CourtOrder { case } => format!("法院在案件 {case} 中决定封存"),
				SealBasisView::Agreement { institution, adopted_by, .. } => match adopted_by {
					Some(case) => {
						format!("与医疗机构 {institution} 协议封存，已由案件 {case} 采纳")
					},
					None => format!("与医疗机构 {institution} 协议封存"),
				},
			},
			state: format!("{:?}", seal.state),
			created_block: seal.created_block,
		})
		.collect();
	let verdicts = report
		.verdicts
		.iter()
		.map(|(case, entry)| ReportVerdict {
			case: *case,
			verdict: format!("{:?}", entry.verdict),
			version: entry.version,
			presented_by: format!("{:?}", entry.presented_by),
			block: entry.block,
		})
		.collect();
	Ok(ReportCase {
		number: String::from_utf8_lossy(&report.case_number).into_owned(),
		id,
		court_name: String::from_utf8_lossy(&report.court_name).into_owned(),
		open: report.case_open,
		seals,
		verdicts,
		queries: report.access.len(),
		truncated: report.truncated,
	})
}

fn report_hash(hash: &ContentHash) -> ReportHash {
	ReportHash {
		algorithm: receipt::algorithm_name(hash.algorithm).into(),
		digest: hex::encode(hash.digest),
	}
}

fn kind_from_name(name: &str) -> Option<RecordKind> {
	RecordKind::ALL.iter().copied().find(|k| format!("{k:?}") == name)
}

/// A batch member as a receipt describes it, with `content_hash` as the member's content.
struct Member {
	batch_id: [u8; 32],
	leaf: BatchLeaf,
	proof: Vec<[u8; 32]>,
}

fn member(
	receipt: &Receipt,
	batch: &receipt::BatchProof,
	content_hash: ContentHash,
) -> Result<Member, String> {
	let leaf = BatchLeaf {
		record_id: receipt::hex32(&receipt.record_id)?,
		kind: kind_from_name(&receipt.kind)
			.ok_or_else(|| format!("unknown kind \"{}\"", receipt.kind))?,
		content_hash,
		generated_at: receipt.generated_at,
		salt: receipt::hex32(&batch.leaf_salt)?,
	};
	let proof = batch.proof.iter().map(|h| receipt::hex32(h)).collect::<Result<_, _>>()?;
	Ok(Member { batch_id: receipt::hex32(&batch.batch_id)?, leaf, proof })
}

/// Asks the chain whether `member` is in its batch, and returns the batch.
async fn check_member(
	chain: &Chain,
	member: &Member,
	index: u64,
) -> Result<(ProofStatus, Option<BatchView<u32>>), String> {
	let status = chain
		.call(runtime::runtime_apis().anchors_api().verify_batch_member(
			member.batch_id,
			chain::recode(&member.leaf)?,
			index,
			member.proof.clone(),
		))
		.await?;
	let view = chain.call(runtime::runtime_apis().anchors_api().batch(member.batch_id)).await?;
	Ok((chain::recode(&status)?, view.as_ref().map(chain::recode).transpose()?))
}

async fn verify_batch_member(
	chain: &Chain,
	path: &Path,
	record: &canon::Canonical,
	receipt: &Receipt,
	batch: &receipt::BatchProof,
	finalized: u32,
) -> Result<Report, String> {
	let algorithm = receipt.content_hash()?.algorithm;
	let presented = ContentHash::of(algorithm, &record.bytes);
	let member = member(receipt, batch, presented)?;
	let (status, view) = check_member(chain, &member, batch.leaf_index).await?;
	let verdict = match (&status, &view) {
		(ProofStatus::Valid, _) => "matches_latest",
		(_, None) => "not_anchored",
		_ => "mismatch",
	};
	let block_hash = match &view {
		Some(view) => chain.block_hash(view.block).await?.map(|h| hex::encode(h.0)),
		None => None,
	};
	Ok(Report {
		file: path.display().to_string(),
		verdict: verdict.into(),
		matched_version: (verdict == "matches_latest").then_some(0),
		presented_hash: vec![report_hash(&presented)],
		record_id: receipt.record_id.clone(),
		institution: view.as_ref().map(|v| v.institution),
		kind: Some(receipt.kind.clone()),
		class: view.as_ref().map(|v| format!("{:?}", v.class)),
		patient: view.as_ref().and_then(|v| v.patient).map(hex::encode),
		encounter: None,
		held: None,
		finalized_block: finalized,
		versions: Vec::new(),
		batch: Some(ReportBatch {
			batch_id: batch.batch_id.clone(),
			leaf_index: batch.leaf_index,
			status: format!("{status:?}"),
			block_number: view.as_ref().map_or(0, |v| v.block),
			block_hash,
			finalized: view.as_ref().is_some_and(|v| v.block <= finalized),
		}),
		case: None,
	})
}

/// Formats a time for the report: Beijing time (UTC+8) in Chinese, UTC in English.
fn time_label(millis: u64, lang: Lang) -> String {
	match lang {
		Lang::Zh => {
			let beijing = utc(millis + 8 * 3_600_000);
			format!("{} 北京时间", beijing.trim_end_matches(" UTC"))
		},
		Lang::En => utc(millis),
	}
}

fn utc(millis: u64) -> String {
	let seconds = (millis / 1000) as i64;
	let days = seconds.div_euclid(86_400);
	let rest = seconds.rem_euclid(86_400);
	let (year, month, day) = civil_from_days(days);
	format!(
		"{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:03} UTC",
		rest / 3600,
		rest % 3600 / 60,
		rest % 60,
		millis % 1000
	)
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	(yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn duration(millis: u64) -> String {
	let seconds = millis / 1000;
	if seconds < 120 {
		format!("{}.{:03} s", seconds, millis % 1000)
	} else if seconds < 7_200 {
		format!("{} min {} s", seconds / 60, seconds % 60)
	} else {
		format!("{} h {} min", seconds / 3600, seconds % 3600 / 60)
	}
}

/// Renders the evidence report as text in `lang`.
pub fn render(report: &Report, lang: Lang) -> String {
	let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
	let verdict = match report.verdict.as_str() {
		"matches_latest" => t("MATCHES the latest anchored version", "一致：与最新存证版本相符"),
		"matches_earlier_version" => t(
			"MATCHES AN EARLIER VERSION: the record was amended after this version",
			"与较早版本相符：该病历在此版本之后被修改过",
		),
		"mismatch" => t(
			"MISMATCH: no anchored version has this content",
			"不一致：没有任何存证版本与该文件内容相符",
		),
		_ => t("NOT ANCHORED: the chain holds no such record", "未存证：链上没有该病历"),
	};
	let mut out = String::new();
	out.push_str(t("MedAnchor evidence report\n", "医证链 核验报告\n"));
	out.push_str(&format!("{}: {}\n", t("Presented file", "提交核验的文件"), report.file));
	for hash in &report.presented_hash {
		out.push_str(&format!(
			"{} ({}): {}\n",
			t("Canonical hash", "规范化哈希"),
			hash.algorithm,
			hash.digest
		));
	}
	out.push_str(&format!("{}: {}\n", t("Record id", "病历编号"), report.record_id));
	if let Some(institution) = report.institution {
		out.push_str(&format!(
			"{}: {}\n",
			t("Institution (entity id)", "医疗机构（链上编号）"),
			institution
		));
	}
	if let Some(kind) = &report.kind {
		out.push_str(&format!("{}: {}\n", t("Record kind", "病历类型"), kind_label(kind, lang)));
	}
	if let Some(class) = &report.class {
		out.push_str(&format!(
			"{}: {}\n",
			t("Encounter class", "就诊类型"),
			class_label(class, lang)
		));
	}
	if let Some(patient) = &report.patient {
		out.push_str(&format!(
			"{}: {}\n",
			t("Patient reference (salted commitment)", "患者标识（加盐承诺）"),
			patient
		));
	}
	if let Some(encounter) = &report.encounter {
		out.push_str(&format!(
			"{}: {}\n",
			t("Encounter reference (salted commitment)", "就诊标识（加盐承诺）"),
			encounter
		));
	}
	out.push_str(&format!("{}: {}\n", t("Verdict", "核验结论"), verdict));
	if report.verdict == "not_anchored" && report.batch.is_none() {
		out.push_str(t(
			"Note: a record anchored as a member of a batch is found only through its receipt (--receipt).\n",
			"注意：作为批量存证成员上链的病历只能通过其存证回执（--receipt）核验。\n",
		));
	}
	if let Some(version) = report.matched_version {
		out.push_str(&format!("{}: {}\n", t("Matching version", "相符版本"), version));
	}
	if let Some(held) = report.held {
		let text = if held { t("yes, sealed (封存)", "是，已封存") } else { t("no", "否") };
		out.push_str(&format!("{}: {}\n", t("Under a seal now", "当前是否封存"), text));
	}
	for version in &report.versions {
		out.push_str(&format!(
			"\n{} {}{}\n",
			t("Version", "版本"),
			version.index,
			match &version.amendment {
				Some(reason) =>
					format!(" ({}: {})", t("amendment", "病历修改"), reason_label(reason, lang)),
				None => format!(" ({})", t("first anchor", "首次存证")),
			}
		));
		out.push_str(&format!(
			"  {}: {} {}\n",
			t("hash", "哈希"),
			version.algorithm,
			version.digest
		));
		out.push_str(&format!(
			"  {}: {}\n",
			t("generated", "生成时间"),
			time_label(version.generated_at, lang)
		));
		out.push_str(&format!(
			"  {}: {}\n",
			t("anchored", "上链时间"),
			time_label(version.anchored_at, lang)
		));
		let timely = if version.timeliness == "at_generation" {
			t("anchored at generation", "生成即上链")
		} else {
			t("anchored after the fact (late)", "事后上链（超时）")
		};
		out.push_str(&format!(
			"  {}: {} ({timely})\n",
			t("delay", "延迟"),
			duration(version.delay_ms)
		));
		out.push_str(&format!(
			"  {}: {}\n",
			t("writing deadline", "书写时限"),
			writing_label(&version.writing, lang)
		));
		out.push_str(&format!(
			"  {}: #{} {}\n",
			t("block", "区块"),
			version.block_number,
			version
				.block_hash
				.as_deref()
				.unwrap_or(t("(hash no longer kept by this node)", "（该节点已不保留区块哈希）"))
		));
		let finality = if version.finalized {
			t("finalized", "已最终确认")
		} else {
			t("NOT finalized yet", "尚未最终确认")
		};
		out.push_str(&format!("  {}: {finality}\n", t("finality", "最终性")));
	}
	if let Some(case) = &report.case {
		out.push_str(&format!(
			"\n{}: {} ({}, {})\n",
			t("Case", "案件"),
			case.number,
			case.court_name,
			if case.open { t("open", "审理中") } else { t("closed", "已结案") }
		));
		if case.seals.is_empty() {
			out.push_str(&format!("  {}\n", t("no seal names the record", "没有封存涉及该病历")));
		}
		for seal in &case.seals {
			out.push_str(&format!(
				"  {} {}: {} ({}, {} #{})\n",
				t("seal", "封存"),
				seal.id,
				lang.pick(&seal.basis, &seal.basis_zh),
				seal_state_label(&seal.state, lang),
				t("block", "区块"),
				seal.created_block
			));
		}
		for verdict in &case.verdicts {
			let version = match verdict.version {
				Some(index) => index.to_string(),
				None => t("none", "无").to_string(),
			};
			out.push_str(&format!(
				"  {} {}: {} ({} {}, {} {}, {} #{})\n",
				t("verdict in case", "案件核验结论"),
				verdict.case,
				case_verdict_label(&verdict.verdict, lang),
				t("version", "版本"),
				version,
				t("presented by", "提交方"),
				presenter_label(&verdict.presented_by, lang),
				t("block", "区块"),
				verdict.block
			));
		}
		out.push_str(&format!(
			"  {}: {}{}\n",
			t("judicial queries that disclosed the record", "涉及该病历的司法查询次数"),
			case.queries,
			if case.truncated {
				t(" (lists cut at the runtime's limit)", "（列表已按上限截断）")
			} else {
				""
			}
		));
	}
	if let Some(batch) = &report.batch {
		out.push_str(&format!(
			"\n{}: {} #{} ({})\n",
			t("Batch member", "批量存证成员"),
			batch.batch_id,
			batch.leaf_index,
			match batch.status.as_str() {
				"Valid" => t("inclusion proof valid", "包含证明有效"),
				"Invalid" =>
					t("inclusion proof does not lead to the batch root", "包含证明与批次根不符"),
				"BatchNotFound" => t("no such batch", "链上没有该批次"),
				_ => t("inclusion proof malformed", "包含证明格式错误"),
			}
		));
		out.push_str(&format!(
			"  {}: #{} {} ({})\n",
			t("block", "区块"),
			batch.block_number,
			batch.block_hash.as_deref().unwrap_or("-"),
			if batch.finalized {
				t("finalized", "已最终确认")
			} else {
				t("NOT finalized yet", "尚未最终确认")
			}
		));
	}
	out
}

fn reason_label(reason: &str, lang: Lang) -> String {
	let zh = match reason {
		"Correction" => "更正错误",
		"Supplement" => "补充内容",
		"SeniorReview" => "上级医师审查修改",
		"PatientRequest" => "应患者要求",
		_ => "其他原因",
	};
	match lang {
		Lang::Zh => zh.to_string(),
		Lang::En => reason.to_string(),
	}
}

/// Returns an encounter class, `Outpatient`, `Emergency` or `Inpatient`, as the report names
/// it.
fn class_label(class: &str, lang: Lang) -> String {
	let (en, zh) = match class {
		"Outpatient" => ("outpatient", "门诊"),
		"Emergency" => ("emergency", "急诊"),
		"Inpatient" => ("inpatient", "住院"),
		other => return other.to_string(),
	};
	lang.pick(en, zh).to_string()
}

/// Returns a seal's state, `Active`, `Lifted` or `Lapsed`, as the report names it.
fn seal_state_label(state: &str, lang: Lang) -> String {
	let (en, zh) = match state {
		"Active" => ("active", "有效"),
		"Lifted" => ("lifted", "已解除"),
		"Lapsed" => ("lapsed, no case adopted it", "已失效（未被案件采纳）"),
		other => return other.to_string(),
	};
	lang.pick(en, zh).to_string()
}

/// Returns a verdict recorded in a case (`MatchesLatest`, `MatchesEarlierVersion`, `Mismatch`
/// or `NotAnchored`) as the report names it.
fn case_verdict_label(verdict: &str, lang: Lang) -> String {
	let (en, zh) = match verdict {
		"MatchesLatest" => ("matches the latest version", "与最新存证版本相符"),
		"MatchesEarlierVersion" => ("matches an earlier version", "与较早版本相符"),
		"Mismatch" => ("mismatch", "不一致"),
		"NotAnchored" => ("not anchored", "未存证"),
		other => return other.to_string(),
	};
	lang.pick(en, zh).to_string()
}

/// Returns who presented a document (`Institution(N)`, `PatientSide` or `Court`) as the
/// report names it.
fn presenter_label(presenter: &str, lang: Lang) -> String {
	if let Some(id) = presenter.strip_prefix("Institution(").and_then(|rest| rest.strip_suffix(')'))
	{
		return match lang {
			Lang::Zh => format!("医疗机构 {id}"),
			Lang::En => format!("institution {id}"),
		};
	}
	let (en, zh) = match presenter {
		"PatientSide" => ("the patient side", "患方"),
		"Court" => ("the court", "法院"),
		other => return other.to_string(),
	};
	lang.pick(en, zh).to_string()
}

fn kind_label(kind: &str, lang: Lang) -> String {
	let zh = match kind {
		"Admission" => "入院记录",
		"ProgressNote" => "病程记录",
		"Diagnosis" => "诊断",
		"Order" => "医嘱",
		"TreatmentPlan" => "诊疗计划",
		"Operation" => "手术记录",
		"Anaesthesia" => "麻醉记录",
		"Nursing" => "护理记录",
		"InformedConsent" => "知情同意书",
		"ExaminationReport" => "检查检验报告",
		"VitalSigns" => "生命体征",
		"Imaging" => "影像资料",
		"Discharge" => "出院记录",
		_ => "其他",
	};
	match lang {
		Lang::Zh => format!("{zh}（{kind}）"),
		Lang::En => kind.to_string(),
	}
}

/// One check of a receipt against the chain.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
	pub what: String,
	pub ok: bool,
	pub detail: String,
}

/// Checks every statement of a receipt against the chain, trusting nothing from the local
/// journal.
pub async fn check_receipt(chain: &Chain, receipt: &Receipt) -> Result<Vec<Check>, String> {
	let mut checks = Vec::new();
	let mut check = |what: &str, ok: bool, detail: String| {
		checks.push(Check { what: what.into(), ok, detail });
	};
	let genesis = hex::encode(chain.api.genesis_hash().0);
	check("chain", genesis == receipt.chain, format!("receipt {} / node {genesis}", receipt.chain));
	let record_id = receipt::hex32(&receipt.record_id)?;
	let derived = hex::encode(ids::record_id(receipt.institution, &receipt.local_id));
	check(
		"record id",
		derived == receipt.record_id,
		format!("derived from institution and local id: {derived}"),
	);
	let salt = receipt::hex32(&receipt.patient.salt)?;
	let patient_ref = hex::encode(ids::patient_ref(&salt, &receipt.patient.identifier));
	check(
		"patient reference",
		patient_ref == receipt.patient.reference,
		format!("recomputed from salt and identifier: {patient_ref}"),
	);
	let content_hash = receipt.content_hash()?;
	if kind_from_name(&receipt.kind).is_none() {
		check("kind", false, format!("\"{}\" is not a record kind", receipt.kind));
		return Ok(checks);
	}
	let finalized = chain.finalized_number().await?;
	let block_hash = chain.block_hash(receipt.block_number).await?.map(|h| hex::encode(h.0));
	check(
		"block hash",
		block_hash.as_deref() == Some(receipt.block_hash.as_str()),
		format!(
			"block #{} on the node: {}",
			receipt.block_number,
			block_hash.as_deref().unwrap_or("unknown")
		),
	);
	check(
		"finality",
		receipt.block_number <= finalized,
		format!("block #{} / finalized #{finalized}", receipt.block_number),
	);

	if let Some(batch) = &receipt.batch {
		let member = member(receipt, batch, content_hash)?;
		let algorithm = receipt::algorithm_from_name(&batch.algorithm)
			.ok_or_else(|| format!("unknown hash algorithm \"{}\"", batch.algorithm))?;
		let root = receipt::hex32(&batch.root)?;
		let local = records::verify_inclusion(
			algorithm,
			&root,
			&member.leaf.leaf_hash(algorithm),
			batch.leaf_index,
			u64::from(batch.leaf_count),
			&member.proof,
		);
		check("inclusion proof (local)", local == Ok(true), format!("{local:?}"));
		let (status, view) = check_member(chain, &member, batch.leaf_index).await?;
		check("inclusion proof (chain)", status == ProofStatus::Valid, format!("{status:?}"));
		match view {
			Some(view) => {
				check(
					"batch root",
					hex::encode(view.root.digest) == batch.root,
					hex::encode(view.root.digest),
				);
				check(
					"batch block",
					view.block == receipt.block_number,
					format!("#{}", view.block),
				);
				check(
					"anchoring time",
					view.anchored_at == receipt.anchored_at,
					view.anchored_at.to_string(),
				);
				check(
					"institution",
					view.institution == receipt.institution,
					view.institution.to_string(),
				);
				check(
					"kind",
					format!("{:?}", view.kind) == receipt.kind,
					format!("{:?}", view.kind),
				);
				check(
					"leaf count",
					view.leaf_count == batch.leaf_count,
					view.leaf_count.to_string(),
				);
				check(
					"timeliness",
					receipt::timeliness_name(view.timeliness) == receipt.timeliness,
					receipt::timeliness_name(view.timeliness).into(),
				);
				let delay = view.anchored_at.saturating_sub(receipt.generated_at);
				check("delay", delay == receipt.delay_ms, delay.to_string());
				check("version", receipt.version == 0, "batch members have one version".into());
				let derived = hex::encode(ids::batch_id(receipt.institution, &batch.local_id));
				check(
					"batch id",
					derived == batch.batch_id,
					format!("derived from institution and batch local id: {derived}"),
				);
			},
			None => check("batch", false, "no batch with this id is anchored".into()),
		}
	} else {
		let view = chain.call(runtime::runtime_apis().anchors_api().record(record_id)).await?;
		let view: Option<RecordView<u32>> = view.as_ref().map(chain::recode).transpose()?;
		match view {
			None => check("record", false, "no record with this id is anchored".into()),
			Some(view) => {
				check(
					"institution",
					view.institution == receipt.institution,
					view.institution.to_string(),
				);
				check(
					"patient reference on chain",
					hex::encode(view.patient) == receipt.patient.reference,
					hex::encode(view.patient),
				);
				check(
					"kind",
					format!("{:?}", view.kind) == receipt.kind,
					format!("{:?}", view.kind),
				);
				match &receipt.encounter {
					None => check("encounter", false, "the receipt names no encounter".into()),
					Some(encounter) => {
						let salt = receipt::hex32(&receipt.patient.salt)?;
						let derived = hex::encode(ids::encounter_ref(&salt, &encounter.identifier));
						check(
							"encounter reference",
							derived == encounter.reference
								&& hex::encode(view.encounter) == encounter.reference,
							format!(
								"on chain {}, recomputed {derived}",
								hex::encode(view.encounter)
							),
						);
						check(
							"encounter class",
							format!("{:?}", view.class) == encounter.class,
							format!("{:?}", view.class),
						);
						check(
							"sequence",
							view.sequence == encounter.sequence,
							view.sequence.to_string(),
						);
					},
				}
				match view.versions.get(receipt.version as usize) {
					None => check(
						"version",
						false,
						format!("the record has {} versions", view.versions.len()),
					),
					Some(version) => {
						check(
							"content hash",
							version.content_hash == content_hash,
							format!(
								"{} {}",
								receipt::algorithm_name(version.content_hash.algorithm),
								hex::encode(version.content_hash.digest)
							),
						);
						check(
							"generation time",
							version.generated_at == receipt.generated_at,
							version.generated_at.to_string(),
						);
						check(
							"anchoring time",
							version.anchored_at == receipt.anchored_at,
							version.anchored_at.to_string(),
						);
						check(
							"block",
							version.block == receipt.block_number,
							format!("#{}", version.block),
						);
						check(
							"timeliness",
							receipt::timeliness_name(version.timeliness) == receipt.timeliness,
							receipt::timeliness_name(version.timeliness).into(),
						);
						check(
							"delay",
							version.delay == receipt.delay_ms,
							version.delay.to_string(),
						);
					},
				}
			},
		}
	}
	let id = match &receipt.batch {
		Some(batch) => receipt::hex32(&batch.batch_id)?,
		None => record_id,
	};
	match (receipt.extrinsic_index, block_hash.as_ref()) {
		(Some(index), Some(hash)) => {
			let found =
				chain.find_extrinsic(subxt::utils::H256(receipt::hex32(hash)?), &id).await?;
			checks.push(Check {
				what: "extrinsic".into(),
				ok: found == Some(index),
				detail: match found {
					Some(found) => format!(
						"extrinsic {found} of block #{} names the record",
						receipt.block_number
					),
					None => {
						format!("no extrinsic of block #{} names the record", receipt.block_number)
					},
				},
			});
		},
		(None, _) => checks.push(Check {
			what: "extrinsic".into(),
			ok: false,
			detail: "the receipt names no extrinsic".into(),
		}),
		(Some(_), None) => {},
	}
	Ok(checks)
}
