import sys

if len(sys.argv) > 1 and sys.argv[1] == "vote-path":
    from bench.vote_path import main as vote_path

    vote_path(sys.argv[2:])
    sys.exit(0)

if len(sys.argv) > 1 and sys.argv[1] == "designs":
    from bench.designs import main as designs

    sys.exit(designs(sys.argv[2:]))

from bench.cli import main  # noqa: E402

sys.exit(main())
