#!/bin/sh
#
# makeinfo.sh - print who built a .cf, where and when, as .cf comments.
# cf.m4 runs it when the .mc says define(`confBUILD_INFO'): the lines then
# make the .cf differ from build to build, which is why it is not the
# default.
#
user=${LOGNAME:-${USER:-$(id -un 2>/dev/null)}}
host=$(uname -n 2>/dev/null)
dir=$(pwd)
date=$(date '+%Y-%m-%d %H:%M:%S %Z')
printf '#####  built by %s@%s on %s\n' "${user:-unknown}" "${host:-unknown}" "$date"
printf '#####  in %s\n' "$dir"
