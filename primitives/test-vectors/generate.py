"""Writes the MedAnchor test vectors with an implementation independent of the Rust one.

Python's hashlib supplies BLAKE2b-256, SHA-256 and SM3 (through OpenSSL); the leaf encoding
and the RFC 6962 tree are written out here from their specification. Run it from this folder:

    python3 generate.py

and commit the JSON files it writes. Both the Rust primitives and the client test against them.
"""

import hashlib
import json
import struct

ALGORITHMS = {"Blake2b256": 0, "Sha256": 1, "Sm3": 2}


def digest(algorithm, data):
    if algorithm == "Blake2b256":
        return hashlib.blake2b(data, digest_size=32).digest()
    if algorithm == "Sha256":
        return hashlib.sha256(data).digest()
    return hashlib.new("sm3", data).digest()


def leaf_bytes(record_id, kind, content_algorithm, content_digest, generated_at, salt):
    return (
        record_id
        + bytes([kind, ALGORITHMS[content_algorithm]])
        + content_digest
        + struct.pack("<Q", generated_at)
        + salt
    )


def leaf_hash(algorithm, leaf):
    return digest(algorithm, b"\x00" + leaf)


def node_hash(algorithm, left, right):
    return digest(algorithm, b"\x01" + left + right)


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def root(algorithm, leaves):
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(algorithm, root(algorithm, leaves[:k]), root(algorithm, leaves[k:]))


def path(algorithm, leaves, index):
    if len(leaves) <= 1:
        return []
    k = split(len(leaves))
    if index < k:
        return path(algorithm, leaves[:k], index) + [root(algorithm, leaves[k:])]
    return path(algorithm, leaves[k:], index - k) + [root(algorithm, leaves[:k])]


def member(i):
    """Returns deterministic batch member `i`: one vital-sign reading per second."""
    content = f'{{"heartRate":{60 + i % 40},"seq":{i}}}'.encode()
    return {
        "recordId": hashlib.sha256(f"record-{i}".encode()).digest(),
        "kind": 10,
        "contentAlgorithm": "Sm3" if i % 3 == 2 else "Blake2b256",
        "content": content,
        "generatedAt": 1_780_000_000_000 + 1000 * i,
        "salt": hashlib.sha256(f"salt-{i}".encode()).digest(),
    }


def hashes():
    inputs = [b"", b"abc", b"abcd" * 16, "医证链 MedAnchor".encode()]
    return [
        {"input": data.hex(), **{name: digest(name, data).hex() for name in ALGORITHMS}}
        for data in inputs
    ]


def merkle():
    cases = []
    for algorithm in ALGORITHMS:
        for size in [1, 2, 3, 4, 5, 7, 8, 9, 16, 17]:
            members = [member(i) for i in range(size)]
            encoded = []
            for m in members:
                content_digest = digest(m["contentAlgorithm"], m["content"])
                m["contentDigest"] = content_digest
                encoded.append(
                    leaf_bytes(
                        m["recordId"],
                        m["kind"],
                        m["contentAlgorithm"],
                        content_digest,
                        m["generatedAt"],
                        m["salt"],
                    )
                )
            leaves = [leaf_hash(algorithm, leaf) for leaf in encoded]
            tree_root = root(algorithm, leaves)
            cases.append(
                {
                    "treeAlgorithm": algorithm,
                    "size": size,
                    "root": tree_root.hex(),
                    "members": [
                        {
                            "recordId": m["recordId"].hex(),
                            "kind": m["kind"],
                            "contentAlgorithm": m["contentAlgorithm"],
                            "contentDigest": m["contentDigest"].hex(),
                            "generatedAt": m["generatedAt"],
                            "salt": m["salt"].hex(),
                            "leaf": leaf.hex(),
                            "leafHash": leaves[i].hex(),
                            "proof": [p.hex() for p in path(algorithm, leaves, i)],
                        }
                        for i, (m, leaf) in enumerate(zip(members, encoded))
                    ],
                }
            )
    return cases


if __name__ == "__main__":
    with open("hashes.json", "w") as out:
        json.dump({"description": "Content hashes of fixed inputs (hex).", "cases": hashes()}, out, indent=1)
        out.write("\n")
    with open("merkle.json", "w") as out:
        json.dump(
            {
                "description": "Batch leaves (106-byte encoding), leaf hashes, RFC 6962 roots and "
                "audit paths for trees of several sizes and each tree hash algorithm (hex).",
                "cases": merkle(),
            },
            out,
            indent=1,
        )
        out.write("\n")
