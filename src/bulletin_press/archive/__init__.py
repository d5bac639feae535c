"""Archive stage: the repository as the bulletin's archive — publication records, frozen
issues, rebuild proofs, incremental builds of every issue, the index, yearly report, search."""
