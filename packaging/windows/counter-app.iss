; Inno Setup script for the commune one-stop counter app (Windows 10/11, x64).
; Build the one-folder bundle first (see docs/windows.md), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\counter-app.iss
; Output: dist\installer\counter-app-setup-<version>.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F4C3D2A-8B1E-4E5F-9A7C-2D3B4C5E6F70}
AppName=Ứng dụng Một cửa cấp xã
AppVersion={#AppVersion}
AppPublisher=Trung tâm Phục vụ hành chính công
DefaultDirName={autopf}\CounterApp
DefaultGroupName=Một cửa cấp xã
OutputDir=..\..\dist\installer
OutputBaseFilename=counter-app-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
WizardStyle=modern
; Sign the installer too (the signtool entry is configured in the Inno Setup IDE or with /S).
; SignTool=signtool

[Languages]
Name: "vietnamese"; MessagesFile: "compiler:Languages\Vietnamese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
; The whole one-folder bundle. Data is NOT stored here: it lives in %LOCALAPPDATA%\counter-app
; (or next to the executable in portable mode), so an upgrade never touches it.
Source: "..\..\dist\counter-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Một cửa cấp xã"; Filename: "{app}\counter-app.exe"
Name: "{autodesktop}\Một cửa cấp xã"; Filename: "{app}\counter-app.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình"; Flags: unchecked

[Run]
; The self-test after installing: exits 0 when the GUI, a temporary database and a Mẫu 01 work.
Filename: "{app}\counter-app.exe"; Parameters: "--smoke"; Flags: runhidden waituntilterminated; StatusMsg: "Đang tự kiểm tra…"
Filename: "{app}\counter-app.exe"; Description: "Mở ứng dụng"; Flags: nowait postinstall skipifsilent
