"""Claim clusters against annotated same-statement groups (tests/annotations/claim_clusters.yaml).

The annotation lists, for the sample corpus and for pages of the development
corpus's tune split, the documents whose claims were all read, and the groups
of claims in them that make one statement (each claim named by a short key
phrase of its text). Every other claim of those documents is a statement of its
own. The documents run through the real stages (reading, cleaning, spaCy,
speakers, clusters) into a scratch warehouse; then every pair of their claims
is a gold pair when both fall in one group and a predicted pair when both have
one cluster_id:

    precision = predicted pairs that are gold / predicted pairs
    recall    = gold pairs predicted / gold pairs

A key phrase that no claim holds is reported (the extraction missed or cut
that statement); its pairs count as missed, so recall also pays for extraction.

Documents listed under ``held_out`` (and the groups marked ``held_out: true``)
are scored apart: the clustering rules and thresholds were chosen without
looking at their errors, so their figures say how the rules generalise.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import yaml

from pipeline.evaluation.devcorpus import _norm, load_pages


@dataclass
class Group:
    keys: list[str]
    held_out: bool = False
    documents: list[str] = field(default_factory=list)  # file stems (page ids), [] = anywhere


@dataclass
class PairScore:
    gold: int = 0
    predicted: int = 0
    both: int = 0
    missing_keys: list[str] = field(default_factory=list)

    def figures(self) -> dict:
        precision = self.both / self.predicted if self.predicted else 1.0
        recall = self.both / self.gold if self.gold else 1.0
        return {"pairs_gold": self.gold, "pairs_predicted": self.predicted, "pairs_right": self.both,
                "precision": f"{precision:.3f}", "recall": f"{recall:.3f}",
                "keys_not_found": len(self.missing_keys)}


def load_annotation(path: Path) -> tuple[dict[str, list[str]], list[Group]]:
    """(corpus -> document names read in full, the same-statement groups)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["documents"], [Group(list(g["keys"]), bool(g.get("held_out")), [Path(d).stem for d in g.get("in") or []])
                               for g in data["groups"]]


def held_out_documents(path: Path) -> set[str]:
    """Names (file stems) of the documents scored apart, as unseen."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {Path(name).stem for names in (data.get("held_out") or {}).values() for name in names}


def _stage_corpus(raw: Path, sample: Path, pages: Path, documents: dict[str, list[str]], devcorpus: Path) -> list[str]:
    """Copy the annotated documents into ``raw``; returns the ids of pages that are absent."""
    for name in documents.get("sample", []):
        shutil.copy2(sample / name, raw / name)
    present = {p.annotation["id"]: p for p in load_pages(devcorpus, pages)[0]}
    absent = []
    for page_id in documents.get("devcorpus", []):
        if page_id not in present:
            absent.append(page_id)
        elif present[page_id].split != "tune":
            raise ValueError(f"{page_id} is on the blind side of the development corpus: never annotate it")
        else:
            (raw / f"{page_id}.txt").write_text(present[page_id].text, encoding="utf-8")
    return absent


def _build(raw: Path, warehouse: Path, model: str, clusters: bool = True):
    """A scratch warehouse of ``raw`` through the stages a run uses (reading, cleaning, spaCy, speakers,
    and clusters unless not ``clusters``: training the pair classifier needs the claims, not its output)."""
    from pipeline.clean.run_clean import clean_pending
    from pipeline.entities.run_entities import refresh_clusters, refresh_speakers
    from pipeline.extract.run_extract import extract_pending
    from pipeline.ingest.run_ingest import ingest_raw_folder
    from pipeline.settings import Settings
    from pipeline.warehouse.store import Warehouse

    store, quiet = Warehouse(str(warehouse)), (lambda _message: None)
    settings = Settings(raw_dir=str(raw), warehouse=str(warehouse), spacy_model=model, n_process=1)
    ingest_raw_folder(store, raw, "eval", quiet)
    clean_pending(store, "eval", quiet)
    extract_pending(store, settings, "eval", log=quiet)
    refresh_speakers(store, "eval")
    if clusters:
        refresh_clusters(store, "eval")
    return store


def _run(raw: Path, warehouse: Path, model: str) -> list[tuple[str, str | None, str]]:
    """(claim_text, cluster_id, source file stem) of every claim, through the stages a run uses."""
    with _build(raw, warehouse, model).connection() as con:
        rows = con.sql("SELECT c.claim_text, c.cluster_id, d.source_path FROM claims c "
                       "JOIN documents d USING (doc_id) ORDER BY c.claim_id").fetchall()
    return [(text, cluster, Path(source).stem) for text, cluster, source in rows]


def group_of_claims(texts: list[str], groups: list[Group]) -> tuple[list[int | None], list[str]]:
    """The group each claim falls in by the groups' key phrases (None: a statement of its own),
    and the keys no claim holds."""
    norm = [_norm(text) for text in texts]
    group_of: list[int | None] = [None] * len(texts)
    missing = []
    for number, group in enumerate(groups):
        for key in group.keys:
            hits = [i for i, t in enumerate(norm) if _norm(key) in t and group_of[i] in (None, number)]
            if not hits:
                missing.append(key)
            for i in hits:
                group_of[i] = number
    return group_of, missing


def score_pairs(claims: list[tuple[str, str | None]], groups: list[Group]) -> PairScore:
    """Pairwise precision and recall of cluster ids against the groups (see the module doc)."""
    group_of, missing = group_of_claims([text for text, _ in claims], groups)
    score = PairScore(missing_keys=missing)
    for number, group in enumerate(groups):
        # Every claim in the group pairs with every other; an unfound key is a claim missed.
        size = sum(g == number for g in group_of) + sum(1 for k in group.keys if k in missing)
        score.gold += size * (size - 1) // 2
    for i, j in combinations(range(len(claims)), 2):
        predicted = claims[i][1] is not None and claims[i][1] == claims[j][1]
        gold = group_of[i] is not None and group_of[i] == group_of[j]
        score.predicted += predicted
        score.both += predicted and gold
    return score


def tune_claims(annotation: Path, sample: Path, devcorpus: Path, pages: Path, model: str):
    """The claims of the annotated documents on the tuning side (never the held-out ones), as
    clusters read them (run_entities.CLUSTER_INPUTS), and the group of each (None: on its own).
    For training the pair classifier on this corpus's own kind of claims."""
    from pipeline.entities.run_entities import CLUSTER_INPUTS
    from pipeline.warehouse import read_frame

    documents, groups = load_annotation(annotation)
    held_out = held_out_documents(annotation)
    documents = {corpus: [n for n in names if Path(n).stem not in held_out] for corpus, names in documents.items()}
    groups = [g for g in groups if not g.held_out]
    scratch = Path(tempfile.mkdtemp(prefix="redline-cluster-training-"))
    try:
        raw = scratch / "raw"
        raw.mkdir()
        _stage_corpus(raw, sample, pages, documents, devcorpus)
        with _build(raw, scratch / "train.duckdb", model, clusters=False).connection() as con:
            frame = read_frame(con, f"SELECT {', '.join(CLUSTER_INPUTS)} FROM claims ORDER BY claim_id")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return frame, group_of_claims(frame["claim_text"].tolist(), groups)[0]


def evaluate_clusters(annotation: Path, sample: Path, devcorpus: Path, pages: Path, model: str) -> dict:
    """Pairwise figures of the clusters on the annotated documents: tuning and held-out apart, and all."""
    documents, groups = load_annotation(annotation)
    held_out = held_out_documents(annotation)
    scratch = Path(tempfile.mkdtemp(prefix="redline-clusters-"))
    try:
        raw = scratch / "raw"
        raw.mkdir()
        absent = _stage_corpus(raw, sample, pages, documents, devcorpus)
        claims = _run(raw, scratch / "eval.duckdb", model)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    present = {stem for _, _, stem in claims}
    # a group on a page that is absent cannot be found: left out, not counted as missed
    scored = [g for g in groups if not g.documents or present.intersection(g.documents)]
    figures: dict = {}
    for name, unseen in (("tune", False), ("held_out", True)):
        part = [(text, cluster) for text, cluster, stem in claims if (stem in held_out) == unseen]
        score = score_pairs(part, [g for g in scored if g.held_out == unseen])
        figures.update({f"{name}_{k}": v for k, v in score.figures().items()})
        if score.missing_keys and not unseen:  # examples from the tuning side only
            figures["tune_keys_not_found_examples"] = score.missing_keys[:5]
    figures.update({f"all_{k}": v for k, v in score_pairs([c[:2] for c in claims], scored).figures().items()})
    n_held = sum(Path(n).stem in held_out for names in documents.values() for n in names)
    figures.update(documents=sum(len(v) for v in documents.values()) - len(absent), pages_absent=len(absent),
                   held_out_documents_present=len(held_out & present), held_out_documents=n_held, groups_scored=len(scored), groups_left_out=len(groups) - len(scored))
    return figures


# --------------------------------------------------------------------------- PolNeAR pairs


@dataclass
class WeightedPairs:
    """Pairwise figures over annotated pairs, each weighted by its stratum's sampling rate
    (population / annotated), so that they stand for all candidate pairs."""

    n: int = 0
    gold: float = 0.0
    predicted: float = 0.0
    both: float = 0.0
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])  # gold, predicted, both (unweighted)

    def add(self, weight: float, gold: bool, predicted: bool) -> None:
        self.n += 1
        self.gold += weight * gold
        self.predicted += weight * predicted
        self.both += weight * (gold and predicted)
        self.counts = [self.counts[0] + gold, self.counts[1] + predicted, self.counts[2] + (gold and predicted)]

    def figures(self) -> dict:
        gold, predicted, both = self.counts
        return {"pairs_annotated": self.n, "pairs_same": gold, "pairs_predicted": predicted, "pairs_right": both,
                "precision": f"{both / predicted if predicted else 1.0:.3f}",
                "recall": f"{both / gold if gold else 1.0:.3f}",
                "weighted_precision": f"{self.both / self.predicted if self.predicted else 1.0:.3f}",
                "weighted_recall": f"{self.both / self.gold if self.gold else 1.0:.3f}"}


def load_pairs(path: Path) -> tuple[dict, list[dict]]:
    """(split -> stratum -> population size, the decided pairs: same true or false)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["population"], [p for p in data["pairs"] if p["same"] is not None]


def pair_weights(population: dict, pairs: list[dict]) -> list[float]:
    annotated: dict[tuple, int] = {}
    for p in pairs:
        annotated[(p["split"], p["stratum"])] = annotated.get((p["split"], p["stratum"]), 0) + 1
    return [population[p["split"]][p["stratum"]] / annotated[(p["split"], p["stratum"])] for p in pairs]


def evaluate_polnear_pairs(annotation: Path, polnear: Path) -> dict:
    """Pairwise figures of the clusters on the annotated PolNeAR train pairs, tune and held out apart:
    each side's claims are clustered together (as a run would), then a pair is predicted when
    both claims share a cluster_id."""
    from pipeline.entities.clusters import cluster_claims
    from pipeline.evaluation.polnear_claims import polnear_claims, split_of

    population, pairs = load_pairs(annotation)
    claims = polnear_claims(polnear / "train" / "attributions")
    side = claims["statement_date"].map(split_of)
    cluster_of: dict[str, str | None] = {}
    for name in ("tune", "held_out"):
        _, mapping = cluster_claims(claims[side == name])
        cluster_of.update(zip(mapping["claim_id"], mapping["cluster_id"], strict=True))
    scores = {"tune": WeightedPairs(), "held_out": WeightedPairs()}
    for pair, weight in zip(pairs, pair_weights(population, pairs), strict=True):
        a, b = cluster_of.get(pair["a"]), cluster_of.get(pair["b"])
        scores[pair["split"]].add(weight, bool(pair["same"]), a is not None and a == b)
    return {f"{name}_{k}": v for name, score in scores.items() for k, v in score.figures().items()}
