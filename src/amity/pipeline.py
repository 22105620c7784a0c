"""The annotation and coding pipeline: Document -> Analysis.

Stages, each a module named after it:
  nlp.sentences  split_sentences(text) -> list[Sentence]
  nlp.actors     ActorTagger.tag(text) -> (list[Mention], dict[str, Actor])    countries, capitals, IOs
  nlp.attribution  Attributor.attribute(document, sentences, mentions, actors) -> list[Statement]
                 (persons, quotes, reported speech, speaker resolution)
  coding.coder   Coder.code_statement(statement, analysis) -> Coding              pillars, mechanisms,
                                                                                   dyads, event, tone
"""

from __future__ import annotations

import logging
from pathlib import Path

from amity.model import Analysis, Document

logger = logging.getLogger(__name__)


class Pipeline:
    """Annotate and code documents under one framework.

    Build it once and reuse it: building loads the gazetteer, lexicons and any model.
    """

    def __init__(
        self,
        framework: str | Path = "three-pillars",
        *,
        pillar_model: str | Path | None = None,
        quote_model: str | Path | None = None,
    ) -> None:
        from amity.coding.coder import Coder
        from amity.coding.framework import load_framework
        from amity.nlp.actors import ActorTagger
        from amity.nlp.attribution import Attributor

        self.framework = load_framework(framework)
        self.tagger = ActorTagger.default()
        self.attributor = Attributor(model=quote_model)
        self.coder = Coder(self.framework, model=pillar_model)

    @property
    def framework_id(self) -> str:
        return self.framework.id

    def analyze(self, document: Document) -> Analysis:
        from amity.nlp.sentences import split_sentences

        text = document.text
        analysis = Analysis(document=document, framework=self.framework.id)
        analysis.sentences = split_sentences(text)
        analysis.mentions, analysis.actors = self.tagger.tag(text)
        analysis.statements = self.attributor.attribute(
            document, analysis.sentences, analysis.mentions, analysis.actors
        )
        for i, statement in enumerate(analysis.statements):
            statement.index = i
            statement.coding = self.coder.code_statement(statement, analysis)
            if statement.speaker is not None:
                analysis.actors.setdefault(statement.speaker.id, statement.speaker)
        dyads: dict[tuple[str, str], None] = {}
        mechanisms: dict[str, None] = {}
        for statement in analysis.statements:
            if statement.coding is None:
                continue
            for d in statement.coding.dyads:
                dyads[d] = None
            for m in statement.coding.mechanisms:
                mechanisms[m] = None
        analysis.dyads = list(dyads)
        analysis.mechanisms = list(mechanisms)
        return analysis
