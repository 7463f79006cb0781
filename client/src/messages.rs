//! Messages in English and Simplified Chinese for what hospital staff and judges read.

/// The language of messages and reports.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum Lang {
	En,
	Zh,
}

impl Lang {
	/// Parses `--lang` (`zh`, `zh-CN`, `en`, …).
	pub fn parse(value: &str) -> Option<Lang> {
		let value = value.to_ascii_lowercase();
		if value.starts_with("zh") {
			Some(Lang::Zh)
		} else if value.starts_with("en") {
			Some(Lang::En)
		} else {
			None
		}
	}

	/// The language named by the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`); English when none
	/// names Chinese.
	pub fn from_locale() -> Lang {
		["LC_ALL", "LC_MESSAGES", "LANG"]
			.iter()
			.filter_map(|name| std::env::var(name).ok())
			.find(|value| !value.is_empty())
			.and_then(|value| Lang::parse(&value))
			.unwrap_or(Lang::En)
	}

	/// Picks the text in this language.
	pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
		match self {
			Lang::En => en,
			Lang::Zh => zh,
		}
	}
}

/// Returns a message for a module error in both languages: a specific one for the errors a
/// gateway or a court meets in normal work, else the error's own documentation.
pub fn module_error(pallet: &str, error: &str, docs: &str) -> String {
	let known = match (pallet, error) {
		("Anchors", "NotAnOperator") => Some((
			"the signing account is not a gateway or device account of an active institution; \
			 register it with `institutions.add_account` or sign with the institution's gateway",
			"签名账户不是任何在册医疗机构的网关或设备账户；请由机构管理员添加该账户，或改用机构网关账户签名",
		)),
		("Anchors", "InstitutionNotActive") => Some((
			"the institution is suspended or revoked, so it cannot anchor",
			"该医疗机构已被暂停或撤销，不能上链存证",
		)),
		("Anchors", "RecordAlreadyAnchored") => Some((
			"a record with this id is already anchored; a changed document is an amendment",
			"该病历编号已存证；修改后的病历应作为病历修改提交",
		)),
		("Anchors", "RecordHeld") => Some((
			"the record is sealed by a court or by agreement and cannot be amended",
			"该病历已被法院或经医患双方同意封存，不能修改",
		)),
		("Anchors", "RecordRetentionEnded") => Some((
			"the record's retention period has ended and it was kept only under a seal; it is \
			 removed once no seal holds it, so it cannot be amended",
			"该病历的保存期限已届满，仅因封存而保留；封存解除后将被删除，因此不能修改",
		)),
		("Anchors", "GeneratedInFuture") => Some((
			"the record's generation time is later than the chain's time plus the allowed clock \
			 drift; check the gateway's clock",
			"病历生成时间晚于链上时间（超出允许的时钟偏差）；请检查网关服务器时钟",
		)),
		("Anchors", "RateLimitExceeded") => Some((
			"the institution reached its anchoring rate limit for this block; the gateway submits \
			 the records again for a later block",
			"本区块内该机构的存证次数已达上限；网关将在后续区块重新提交",
		)),
		("Anchors", "PreviousVersionSuperseded") => Some((
			"the amendment names a version that is not the record's latest",
			"病历修改所依据的版本不是该病历的最新版本",
		)),
		("Judicial", "NotAClerk") => Some((
			"the signing account is not a clerk of an active court",
			"签名账户不是任何在册法院的书记员账户",
		)),
		_ => None,
	};
	match known {
		Some((en, zh)) => format!("{pallet}.{error}: {en}\n{pallet}.{error}：{zh}"),
		None => {
			let docs = if docs.is_empty() { "no description in the metadata" } else { docs };
			format!("{pallet}.{error}: {docs}")
		},
	}
}
