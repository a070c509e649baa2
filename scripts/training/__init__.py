"""herald's model training, split by concern; the command line is ``python -m scripts.train_models``.

- ``common``: constants, ``Paths``, and running, timing, scoring, compacting and installing a step;
- ``corpora``: corpus readers/writers and the preparation of each processor's training data;
- ``hooks``: the wall-time budget and the ``mock.patch`` patches to Stanza's trainers;
- ``commands``: one ``cmd_<step>`` per processor, the reports, and the ``STEPS``/``REPORTS`` table.
"""
