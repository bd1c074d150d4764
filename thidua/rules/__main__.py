"""``python -m thidua.rules evaluate …``"""

from thidua.rules.cli import main

raise SystemExit(main())
