; Inno Setup 6 script: a per-user installer (no administrator rights) for the one-folder Windows bundle.
; NOT built or tested on the machine this was written on (Linux); see packaging/README.md, "Windows".
;
; Build the bundle first (dist\finstack-afas-wizard\ with both .exe files), then, from the repository root:
;   iscc /DAppVersion=0.1.0 packaging\windows\finstack-afas-wizard.iss
; Signed (the installer and its uninstaller), with a sign tool named "finstack" defined on the command line:
;   iscc /DAppVersion=0.1.0 /DSign "/Sfinstack=signtool sign /fd sha256 /tr <timestamp URL> /td sha256 /a $f" ^
;        packaging\windows\finstack-afas-wizard.iss
; Output: dist\finstack-afas-wizard-<version>-windows-x64-setup.exe

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=0.1.0 packaging\windows\finstack-afas-wizard.iss
#endif
#define AppName "Finstack AFAS wizard"
#define AppExe "finstack-afas-wizard.exe"
#define Bundle "..\..\dist\finstack-afas-wizard"

[Setup]
; The AppId identifies the program for upgrades and the uninstaller: never change it.
AppId={{9600E37F-0C62-4C78-A3A8-8E899AACD9F5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Finstack
; Per user: installs under %LOCALAPPDATA%\Programs, shortcuts in the user's Start menu, no UAC prompt.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 or later (what Qt 6 supports).
MinVersion=10.0
SetupIconFile=..\..\resources\icons\finstack-afas-wizard.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=finstack-afas-wizard-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade closes a running wizard first (its progress is saved as it goes).
CloseApplications=yes
#ifdef Sign
SignTool=finstack
SignedUninstaller=yes
#endif

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle's libraries as a whole: no file of an older version may linger next to them.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
