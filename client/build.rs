//! Makes cargo rebuild the client when the runtime metadata file changes. The `subxt` macro
//! generates the chain types from that file but does not declare it to cargo.

fn main() {
	println!("cargo:rerun-if-changed=metadata/medanchor.scale");
}
