"""``python -m thidua.rules evaluate …``"""

from thidua.rules.cli import exit_main

exit_main()
