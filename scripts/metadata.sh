#!/usr/bin/env bash
# Rewrites client/metadata/medanchor.scale from the runtime in this workspace. The medanchor
# client generates its types from that file at compile time; the runtime's tests fail when
# the file and the runtime differ, so run this after every change to a call, an event, a
# storage item or a runtime API.
#
# Usage: scripts/metadata.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MEDANCHOR_ROOT"

ensure_prerequisites
log "writing client/metadata/medanchor.scale from the runtime"
MEDANCHOR_WRITE_METADATA=1 cargo test --locked --profile "$MEDANCHOR_PROFILE" \
    -p medanchor-runtime --lib client_metadata_file_is_this_runtimes_metadata \
    || die "the runtime test that writes the metadata failed"
log "metadata written: $(wc -c <client/metadata/medanchor.scale) bytes"
