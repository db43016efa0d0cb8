"""The claim similarity weights and the pair classifier are reproducible: the training
command on the current data gives the shipped files."""
import json

import numpy as np
import pytest

from pipeline.datafiles import data_file
from pipeline.entities.pairs import PAIR_MODEL_FILE
from pipeline.entities.similarity import MODEL_FILE
from pipeline.entities.train_similarity import DEFAULT_POLNEAR, REPO, main


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_POLNEAR.is_dir(), reason="PolNeAR is not beside the checkout")
@pytest.mark.skipif(not (REPO / "data" / "devcorpus" / "pages").is_dir(), reason="the page texts are not rebuilt")
def test_the_trainer_reproduces_the_shipped_weights(tmp_path):
    out, pairs = tmp_path / "claim_similarity.npz", tmp_path / "claim_similarity.json"
    assert main(["--output", str(out), "--pair-output", str(pairs)]) == 0
    with np.load(out) as trained, data_file(MODEL_FILE).open("rb") as handle, np.load(handle) as shipped:
        assert sorted(trained.files) == sorted(shipped.files)
        for name in shipped.files:
            assert np.array_equal(trained[name], shipped[name]), name
    trained, shipped = (json.loads(p.read_text(encoding="utf-8")) for p in (pairs, data_file(PAIR_MODEL_FILE)))
    assert trained["features"] == shipped["features"] and trained["threshold"] == shipped["threshold"]
    assert np.allclose(trained["coef"], shipped["coef"], atol=1e-6)
