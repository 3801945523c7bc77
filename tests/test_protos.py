from reconnect_stack.protos import stale_files


def test_generated_code_matches_the_proto_files():
    assert stale_files() == [], "run `make protos` and commit the result"
