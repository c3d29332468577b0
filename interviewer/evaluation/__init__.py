"""Evaluation: score the analysis against hand-written cases and against PET.

- cases.py: the case files (eval/cases/*.yaml, ../shared/spec/eval-cases.md)
- matching.py, normalise.py: when an extracted step means an expected one
- scorer.py: per-case scores and averages
- runner.py: run the pipeline over the cases, scorecard table and JSON
- pet.py, pet_report.py: the PET benchmark
"""
