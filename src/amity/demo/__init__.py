"""The bundled demo: invented news articles and the ``amity demo`` run over them.

Every article, outlet, person and quotation in the demo corpus is invented for the project
("Invented example for the Amity demo; not real news"); the pipeline that reads them is the real one.
"""

from amity.demo.corpus import NOTICE, DemoArticle, demo_articles, write_demo_corpus
from amity.demo.run import DemoResult, demo_document_count, run_demo

__all__ = [
    "NOTICE",
    "DemoArticle",
    "DemoResult",
    "demo_articles",
    "demo_document_count",
    "run_demo",
    "write_demo_corpus",
]
