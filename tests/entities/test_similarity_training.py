"""The claim similarity weights are reproducible: the training command on the
current data gives the shipped file."""
import numpy as np
import pytest

from pipeline.datafiles import data_file
from pipeline.entities.similarity import MODEL_FILE
from pipeline.entities.train_similarity import DEFAULT_POLNEAR, main


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_POLNEAR.is_dir(), reason="PolNeAR is not beside the checkout")
def test_the_trainer_reproduces_the_shipped_weights(tmp_path):
    out = tmp_path / "claim_similarity.npz"
    assert main(["--output", str(out)]) == 0
    with np.load(out) as trained, data_file(MODEL_FILE).open("rb") as handle, np.load(handle) as shipped:
        assert sorted(trained.files) == sorted(shipped.files)
        for name in shipped.files:
            assert np.array_equal(trained[name], shipped[name]), name
