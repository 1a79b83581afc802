# Class-data sharing for droverd and drover-runtime, sourced by their launchers (the checkout's and the
# packages'): the classes a launcher's JVM loads (a list recorded by bench/classlist.sh) parsed, verified
# and laid out once, in a static archive the JVM maps at start instead of reading its jars.
#
# An archive is code the JVM runs, and droverd runs as root: one is used only when it and its directory
# are owned by this user or root and writable by neither group nor others, and only when it is newer than
# the list, every jar of the class path and the JDK's modules. Otherwise it is made again, once: in a
# directory this user owns and only it can write, in a second or two, to a temporary name renamed into
# place. A failure leaves a .failed mark (and a .log saying why) and the JVM runs without; it is not tried
# again until a jar, the list or the JDK changes. The JVM itself also checks an archive's JDK and
# jars and ignores one that does not match, silently (-Xshare:auto, -Xlog:cds=off).
#
# Memory: the JDK relocates an archive at every start (ArchiveRelocationMode=1, for address-space
# randomization), which writes every page of it, so each class in a list costs memory whether it is loaded
# or not; the lists hold what the JVMs commonly load (bench/classlist.sh). An archive is made with the
# launcher's own collector (serial), 2 MB smaller than with G1's archived heap objects and as fast.
#
# DROVER_CDS: on (the default), off (no archive), make (make the archive again now, then exit: for the
# packages' install scripts and a container image's build).
# POSIX sh: the packages' launchers are /bin/sh scripts; every name here starts with drover_cds or _cds_.

# drover_cds NAME LIST CLASSPATH JAVA DIR... -- DUMP_OPTION...
# Sets drover_cds_archive to NAME's archive (empty: none), which the launcher maps with
#   ${drover_cds_archive:+"-XX:SharedArchiveFile=$drover_cds_archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off}
# from the first DIR that holds a trusted, fresh one, else made in the first DIR this user may write.
# DUMP_OPTIONs are the launcher's options that shape the archive (the collector, module exports). JAVA is
# the java command the launcher runs (a path, or found on PATH).
# drover_cds_root_cache DIR: prints DIR without symbolic links when root may take a cache there, and fails
# otherwise: every directory on the way that exists is root's, and no one else may write it (a sticky one
# such as /tmp aside). A root launcher's cache may come from a shell that kept another user's environment
# (sudo -E, su: XDG_CACHE_HOME), and that user must not be able to swap an archive before the JVM maps it.
drover_cds_root_cache() {
  _cds_at=$(readlink -m -- "$1") || return 1
  set --
  _cds_p=$_cds_at
  while :; do
    [ -e "$_cds_p" ] && set -- "$@" "$_cds_p"
    [ "$_cds_p" = / ] && break
    _cds_p=${_cds_p%/*}
    [ -n "$_cds_p" ] || _cds_p=/
  done
  _cds_sts=$(stat -c '%u:%a' -- "$@") || return 1
  for _cds_st in $_cds_sts; do
    [ "${_cds_st%%:*}" = 0 ] || return 1
    _cds_perm=0${_cds_st#*:}
    [ $((_cds_perm & 022)) = 0 ] || [ $((_cds_perm & 01000)) != 0 ] || return 1
  done
  printf '%s\n' "$_cds_at"
}
drover_cds() {
  drover_cds_archive=
  _cds_name=$1 _cds_list=$2 _cds_cp=$3 _cds_java=$4
  shift 4
  _cds_dirs=
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    _cds_dirs="$_cds_dirs$1
"
    shift
  done
  [ $# -gt 0 ] && shift
  _cds_mode=${DROVER_CDS:-on}
  [ "$_cds_mode" != off ] && [ -f "$_cds_list" ] || return 0
  _cds_java=$(command -v "$_cds_java") && _cds_java=$(readlink -f "$_cds_java") || return 0
  case $_cds_java in */bin/java) ;; *) return 0 ;; esac
  _cds_home=${_cds_java%/bin/java} _cds_jdk=
  while IFS='=' read -r _cds_key _cds_value; do
    [ "$_cds_key" = JAVA_RUNTIME_VERSION ] && _cds_jdk=$_cds_value
  done 2>/dev/null <"$_cds_home/release" || true
  _cds_uid=$(id -u)
  # named NAME=JARS=JDK after the launcher, its jars' directory, the JDK's and its version (none of them
  # holds a '='): one archive per build and JDK
  _cds_part=${_cds_cp%%:*}
  _cds_file=$_cds_name
  for _cds_part in $(printf '%s\n' "${_cds_part%/*}" "$_cds_home" "${_cds_jdk:-unknown}" | sed 's/[^A-Za-z0-9.+-]/_/g'); do
    _cds_file="$_cds_file=$_cds_part"
  done
  _cds_rest=$_cds_dirs
  while [ -n "$_cds_rest" ]; do
    _cds_dir=${_cds_rest%%"
"*}
    _cds_rest=${_cds_rest#*"
"}
    _cds_jsa="$_cds_dir/$_cds_file.jsa"
    if [ "$_cds_mode" != make ] && _cds_fresh "$_cds_jsa" && _cds_trusted "$_cds_dir" "$_cds_jsa"; then
      drover_cds_archive=$_cds_jsa
      return 0
    fi
    # made in this directory when this user may: made or already owned by it, and trusted
    (umask 022 && mkdir -p "$_cds_dir") 2>/dev/null || continue
    [ -w "$_cds_dir" ] && _cds_trusted "$_cds_dir" || continue
    if [ "$_cds_mode" != make ] && _cds_fresh "$_cds_dir/$_cds_file.failed"; then
      return 0 # failed with these jars and this JDK: its .log says why
    fi
    _cds_make "$@" && drover_cds_archive=$_cds_jsa
    return 0
  done
}

# _cds_make DUMP_OPTION...: $_cds_jsa made again from the list; an earlier JDK's or build's goes
_cds_make() {
  rm -f "$_cds_jsa" "$_cds_dir/$_cds_file.failed" 2>/dev/null
  if (umask 022 && exec "$_cds_java" "$@" -Xshare:dump -XX:SharedClassListFile="$_cds_list" \
    -XX:SharedArchiveFile="$_cds_jsa.$$" -cp "$_cds_cp" >"$_cds_dir/$_cds_file.log" 2>&1) \
    && mv -f "$_cds_jsa.$$" "$_cds_jsa"; then
    for _cds_old in "$_cds_dir/${_cds_file%=*}"=*.jsa; do
      [ "$_cds_old" = "$_cds_jsa" ] || rm -f "$_cds_old" "${_cds_old%.jsa}.log" "${_cds_old%.jsa}.failed"
    done
    return 0
  fi
  rm -f "$_cds_jsa.$$" 2>/dev/null
  # DROVER_CDS=make leaves no mark: an install script may run where a start would not (a chroot without
  # /proc), and the first start tries again
  [ "$_cds_mode" = make ] || : >"$_cds_dir/$_cds_file.failed" 2>/dev/null || true
  return 1
}

# _cds_fresh FILE: it exists and is newer than the list, every jar of the class path and the JDK's modules
_cds_fresh() {
  [ -f "$1" ] && [ "$1" -nt "$_cds_list" ] && [ "$1" -nt "$_cds_home/lib/modules" ] || return 1
  _cds_jars=$_cds_cp:
  while [ -n "$_cds_jars" ]; do
    [ "$1" -nt "${_cds_jars%%:*}" ] || return 1
    _cds_jars=${_cds_jars#*:}
  done
}

# _cds_trusted PATH...: each (followed through links) owned by this user or root, writable by neither its
# group nor others
_cds_trusted() {
  _cds_n=$(($# * 2))
  _cds_stat=$(stat -L -c '%u %a' "$@" 2>/dev/null) || return 1
  set -- $_cds_stat
  [ $# = "$_cds_n" ] || return 1
  while [ $# -ge 2 ]; do
    [ "$1" = 0 ] || [ "$1" = "$_cds_uid" ] || return 1
    [ $((0$2 & 022)) = 0 ] || return 1
    shift 2
  done
}
