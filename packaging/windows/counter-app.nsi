; NSIS installer of the counter app (Windows 10 1809+ / 11, x64), built on Linux or Windows:
;   makensis -DVERSION=0.1.0 -DBUNDLE=dist/windows/counter-app -DOUTFILE=dist/windows/counter-app-setup-0.1.0.exe packaging/windows/counter-app.nsi
; Per machine into Program Files; the data stay in each user's %LOCALAPPDATA%\counter-app
; (docs/windows.md says why) and are never touched by an install, an upgrade or an uninstall,
; unless the uninstaller is asked to (/DELETEDATA, or "Yes" in its question).
; Silent: setup.exe /S [/D=C:\Path]; uninstall.exe /S [/DELETEDATA].
; An upgrade installs over the previous version in place: the program files are replaced, the
; database is migrated on the app's next start (a copy is kept first, counter_app/migrations.py).
Target amd64-unicode   ; a 64-bit installer: the app is x64-only, and Wine without wine32 runs only these
SetCompressor /SOLID lzma
RequestExecutionLevel admin
ManifestDPIAware true

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\counter-app"
!endif
!ifndef OUTFILE
  !define OUTFILE "counter-app-setup-${VERSION}.exe"
!endif
!define APPNAME "Ứng dụng Một cửa cấp xã"
!define REGKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\CounterApp"

!include "MUI2.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\CounterApp"
InstallDirRegKey HKLM "${REGKEY}" "InstallLocation"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1066 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1066 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "FileDescription" "Cài đặt ${APPNAME}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "MIT"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\counter-app.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Ứng dụng cần Windows 64-bit (Windows 10 1809 trở lên)." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Section "Install"
  SetShellVarContext all
  ; An upgrade: the previous program files go first (a module removed in the new version must
  ; not linger in _internal); the data are elsewhere and untouched.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\Một cửa cấp xã"
  CreateShortcut "$SMPROGRAMS\Một cửa cấp xã\${APPNAME}.lnk" "$INSTDIR\counter-app.exe"
  CreateShortcut "$SMPROGRAMS\Một cửa cấp xã\Gỡ cài đặt.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\counter-app.exe"
  WriteRegStr HKLM "${REGKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKLM "${REGKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${REGKEY}" "Publisher" "Trung tâm Phục vụ hành chính công"
  WriteRegStr HKLM "${REGKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${REGKEY}" "DisplayIcon" "$INSTDIR\counter-app.exe"
  WriteRegStr HKLM "${REGKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${REGKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${REGKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${REGKEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\Một cửa cấp xã"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\counter-app.exe"
  Delete "$INSTDIR\counter-app-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${REGKEY}"
  ; The data (dossiers, scans, backups settings) are kept unless asked: /DELETEDATA, or "Yes"
  ; (a silent uninstall answers "No").
  SetShellVarContext current
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  ${If} ${Errors}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
      "Xóa cả dữ liệu hồ sơ trong $LOCALAPPDATA\counter-app?$\r$\nChọn Không để giữ dữ liệu (nên sao lưu trước khi xóa)." \
      /SD IDNO IDYES delete_data
    Goto done
  ${EndIf}
  delete_data:
    RMDir /r "$LOCALAPPDATA\counter-app"
  done:
SectionEnd
