#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test LungLens (and, with --desktop, to show its window).
# Uses apt-get only; Maven fetches the Java libraries itself. Safe to run again: it installs only what is missing.
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
command -v javac >/dev/null && javac -version 2>&1 | grep -qE ' (1[7-9]|2[0-9])' || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
# The PACS tests run a real Orthanc with its DICOMweb plugin, and check written DICOM with dcmtk and dicom3tools.
for p in orthanc orthanc-dicomweb dcmtk dicom3tools; do have "$p" || need+=("$p"); done
if [ "${1:-}" = "--desktop" ]; then
  for p in libgtk-3-0 libxtst6 libgl1; do have "$p" || need+=("$p"); done
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "setup: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
