"""Everything the screens call, built once per process from Settings.

The screens never import the package directly: they go through these services,
which are thin adapters to the package's public functions (retrieve, facts,
draft, export) plus the workspace store. That is the one place to adapt when a
package API changes.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from assistant.retrieve import CorpusIndex, IndexWorker
from assistant.settings import Settings
from assistant.workspace import AccessPolicy, WorkspaceStore
from ui.corpus_service import CorpusService
from ui.drafting_service import DraftingService
from ui.export_service import ExportService
from ui.facts_service import FactsService
from ui.report_service import ReportService
from ui.workspace_service import WorkspaceService
from ui.worker import IndexingWorker

log = logging.getLogger(__name__)


class AppServices:
    def __init__(self, settings: Settings, policy: AccessPolicy):
        self.settings = settings
        self.policy = policy
        self.store = WorkspaceStore(settings.workspace_db)
        # The one writer to the one index; stored source names are relative to the working directory.
        # Many officers' queries run at once: one intra-op thread each (settings.ui_embedding_threads).
        index_settings = settings.replace(embedding_threads=max(1, min(settings.embedding_threads,
                                                                       settings.ui_embedding_threads)))
        self.worker = IndexingWorker(IndexWorker(CorpusIndex(index_settings), root=Path.cwd()))
        self.corpus = CorpusService(settings, self.worker, self.store, single_user=policy.auth is None)
        self.facts = FactsService(settings)
        self.drafting = DraftingService(settings, self.store, self.corpus, self.facts)
        self.exporting = ExportService(settings, self.store, self.facts)
        self.workspace = WorkspaceService(self.store, self.facts, self.drafting, self.corpus)
        self.reports = ReportService(settings, self.store, self.corpus, self.facts, self.drafting, self.exporting)
        self._started = False

    def start(self) -> None:
        """Begin the background work that must precede serving (first-start indexing), and warm up."""
        if not self._started:
            self._started = True
            self.corpus.start_initial_index()
            self.warm_up()

    def warm_up(self) -> None:
        """Pay the one-time costs before officers arrive, not inside their first request.

        The load run (docs/benchmarks.md) found the first draft lazily importing the Vietnamese
        sentence splitter (underthesea, which pulls in torch and transformers): 12–19 s of
        import work holding the interpreter while every search of every officer waited behind it.
        """
        t0 = time.perf_counter()
        self.drafting.drafter.warm_up()  # sentence splitter, POS tagger, clause and cause models, the LLM
        log.info("drafting warm-up took %.1f s", time.perf_counter() - t0)
