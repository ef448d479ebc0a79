"""Rank fusion and near-duplicate collapse (pure functions)."""

from assistant.retrieve.fusion import collapse_near_duplicates, normalized_score_fusion, reciprocal_rank_fusion


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


def test_score_fusion_normalizes_each_ranking_before_weighting():
    # Raw BM25 scores (~10) and cosine similarities (~0.8) live on different scales.
    bm25 = [("a", 12.0), ("b", 6.0), ("c", 2.0)]
    dense = [("c", 0.86), ("b", 0.85), ("d", 0.80)]
    fused = dict(normalized_score_fusion([bm25, dense], weights=[1.0, 0.5]))
    assert fused["a"] == 1.0  # top of BM25, absent from dense
    assert fused["c"] == 0.5  # bottom of BM25 (0) + top of dense (0.5)
    assert abs(fused["b"] - (0.4 + 0.5 * (0.05 / 0.06))) < 1e-9
    assert fused["d"] == 0.0
    assert normalized_score_fusion([[], dense], [1.0, 0.0]) == []


def test_collapse_reports_the_duplicates_of_each_kept_item_past_the_limit():
    same = "Bộ phận Một cửa bố trí hai máy tính để người dân tự nộp hồ sơ, có cán bộ đoàn thanh niên hỗ trợ."
    texts = {"a": same, "b": "Người cao tuổi chưa quen thao tác trên điện thoại thông minh.", "c": same + " ",
             "d": same}
    duplicates: dict[str, list[str]] = {}
    kept = collapse_near_duplicates([("a", 4.0), ("b", 3.0), ("c", 2.0), ("d", 1.0)], texts.__getitem__,
                                    threshold=0.8, limit=2, duplicates=duplicates)
    assert [item for item, _ in kept] == ["a", "b"]
    assert duplicates == {"a": ["c", "d"]}
