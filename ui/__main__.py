"""``python -m ui``: start the web app on settings.ui_host/ui_port."""

import sys

from ui.app import main

sys.exit(main())
