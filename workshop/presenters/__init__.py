"""Read-only view models of pages and live regions, and the region table: which region
redraws on which fact. Views render them in answer to requests, live pushes them to rooms:
one partial, three uses."""
