"""Rank fusion and near-duplicate collapse (pure functions)."""

from assistant.retrieve.fusion import collapse_near_duplicates, reciprocal_rank_fusion


def test_rrf_rewards_items_ranked_by_both_lists():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a", "d"]], k=60)
    order = [item for item, _ in fused]
    assert order[0] == "a"  # ranks 1 and 2
    assert order.index("c") < order.index("b")  # ranks 3+1 beat rank 2 alone
    assert dict(fused)["a"] == 1 / 61 + 1 / 62


def test_rrf_weights_shift_the_balance():
    fused = reciprocal_rank_fusion([["x"], ["y"]], k=60, weights=[1.0, 2.0])
    assert [item for item, _ in fused] == ["y", "x"]


def test_near_duplicates_collapse_to_the_best_ranked_copy():
    texts = {
        "a": "Xã đã lắp đặt hệ thống loa truyền thanh thông minh tại 9 thôn và nâng cấp đường truyền.",
        "b": "Xa da lap dat he thong loa truyen thanh thong minh tai 9 thon va nang cap duong truyen.",  # folded copy
        "c": "Người cao tuổi chưa quen thao tác trên điện thoại thông minh.",
    }
    kept = collapse_near_duplicates([("a", 3.0), ("b", 2.0), ("c", 1.0)], texts.__getitem__, threshold=0.8)
    assert [item for item, _ in kept] == ["a", "c"]
