#!/bin/sh
# Inside one private D-Bus session (under Xvfb): the accessibility bus, the wizard (--demo, with Qt's AT-SPI
# bridge always on), then the screen reader stand-in; prints the driver's JSON. Usage:
#   with_reader.sh WIZARD_PYTHON LANGUAGE WORDS_JSON
set -u
/usr/libexec/at-spi-bus-launcher --launch-immediately &
bus=$!
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb "$1" -m wizard --demo --lang "$2" &
wizard=$!
/usr/bin/python3 "$(dirname "$0")/atspi_driver.py" "$3"
status=$?
kill "$wizard" "$bus" 2>/dev/null
wait "$wizard" 2>/dev/null
exit $status
