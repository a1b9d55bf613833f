# Shared by the Outputs*.Tests.ps1 suites (what is inside an export, SPEC §5 and §13). Everything
# an export writes is read back with readers that are not ours: Python's csv, json, zipfile and
# ElementTree, poppler's pdftotext, 7-Zip, Info-ZIP and coreutils' sha256sum. Recordings with
# special values come from New-TestRecording (TestSupport.psm1).

# A new empty folder under $Root (the test drive), for one export's output.
function New-OutputsFolder {
    param([Parameter(Mandatory)] [string] $Path)
    New-Item -ItemType Directory -Path $Path -Force | Out-Null
    $Path
}

# Runs a native tool; its exit code and everything it printed.
function Invoke-OutputsTool {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    $output = & $FilePath @ArgumentList 2>&1 | Out-String
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
}

# Runs a Python script (given on stdin) with arguments; its stdout is JSON, returned as hashtables
# and arrays. Date-like strings stay strings, so offsets can be compared as written.
function Invoke-Python {
    param([Parameter(Mandatory)] [string] $Script, [string[]] $ArgumentList = @())
    $file = Join-Path ([IO.Path]::GetTempPath()) ("ce-outputs-{0}.py" -f [guid]::NewGuid())
    [IO.File]::WriteAllText($file, $Script, [Text.UTF8Encoding]::new($false))
    try {
        $errors = Join-Path ([IO.Path]::GetTempPath()) ("ce-outputs-{0}.err" -f [guid]::NewGuid())
        $encoding = $env:PYTHONIOENCODING
        $env:PYTHONIOENCODING = 'utf-8'
        try { $output = & python3 $file @ArgumentList 2>$errors; $code = $LASTEXITCODE }
        finally { $env:PYTHONIOENCODING = $encoding }
        $stderr = Get-Content -Raw -LiteralPath $errors -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath $errors -ErrorAction SilentlyContinue
        if ($code -ne 0) { throw "python3 failed ($code): $stderr" }
        ($output -join "`n") | ConvertFrom-Json -AsHashtable -DateKind String -Depth 64
    }
    finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
}

# A CSV file as Python's csv module reads it (strict RFC 4180 quoting): Bom (a UTF-8 byte order
# mark is present), Header, Rows (the records after the header) and EndsWithCrLf.
function Read-PythonCsv {
    param([Parameter(Mandatory)] [string] $Path)
    $result = Invoke-Python -ArgumentList $Path -Script @'
import csv, io, json, sys
raw = open(sys.argv[1], 'rb').read()
bom = raw.startswith(b'\xef\xbb\xbf')
text = raw.decode('utf-8-sig')  # strict: a byte that is not UTF-8 fails the test
records = list(csv.reader(io.StringIO(text, newline=''), strict=True))
print(json.dumps({'bom': bom, 'crlf': text.endswith('\r\n'), 'records': records}, ensure_ascii=False))
'@
    $records = @($result.records)
    [pscustomobject]@{
        Bom          = $result.bom
        EndsWithCrLf = $result.crlf
        Header       = [string[]] @($records[0])
        Rows         = @(for ($i = 1; $i -lt $records.Count; $i++) { , [string[]] @($records[$i]) })
    }
}

# Rows of a CSV as hashtables keyed by the header (Python's csv.DictReader).
function Read-PythonCsvRecord {
    param([Parameter(Mandatory)] [string] $Path)
    $csv = Read-PythonCsv -Path $Path
    foreach ($row in $csv.Rows) {
        $record = [ordered]@{}
        for ($i = 0; $i -lt $csv.Header.Count; $i++) { $record[$csv.Header[$i]] = $row[$i] }
        [pscustomobject] $record
    }
}

# A JSON file as Python's json module reads it, stricter than the standard: NaN or Infinity, a
# duplicate key or a byte order mark fail. Keys (in file order) and Value (hashtables).
function Read-PythonJson {
    param([Parameter(Mandatory)] [string] $Path)
    Invoke-Python -ArgumentList $Path -Script @'
import json, sys
def constant(name):
    raise ValueError('not JSON: ' + name)
def pairs(items):
    keys = [k for k, _ in items]
    if len(keys) != len(set(keys)):
        raise ValueError('duplicate key in ' + repr(keys))
    return dict(items)
raw = open(sys.argv[1], 'rb').read()
value = json.loads(raw.decode('utf-8'), parse_constant=constant, object_pairs_hook=pairs)
keys = list(value.keys()) if isinstance(value, dict) else []
print(json.dumps({'keys': keys, 'value': value}, ensure_ascii=False))
'@
}

# The first worksheet of an XLSX as Python reads it with zipfile and ElementTree: the sheet is
# found through the workbook and its relationships (not by a guessed name), cells are resolved
# from inline or shared strings. sheets (names), rows (arrays of cell texts), rowElements (the
# number of <row> elements), cellTypes (the t attributes used) and formulas (<f> elements).
function Read-PythonXlsx {
    param([Parameter(Mandatory)] [string] $Path)
    Invoke-Python -ArgumentList $Path -Script @'
import json, posixpath, sys, zipfile
import xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
P = '{http://schemas.openxmlformats.org/package/2006/relationships}'
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
if bad is not None:
    raise ValueError('corrupt entry ' + bad)
ET.fromstring(z.read('[Content_Types].xml'))
rels = ET.fromstring(z.read('_rels/.rels'))
book_path = [r.get('Target').lstrip('/') for r in rels.iter(P + 'Relationship') if r.get('Type').endswith('/officeDocument')][0]
book = ET.fromstring(z.read(book_path))
book_rels_path = posixpath.join(posixpath.dirname(book_path), '_rels', posixpath.basename(book_path) + '.rels')
targets = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read(book_rels_path)).iter(P + 'Relationship')}
sheets = list(book.iter(M + 'sheet'))
target = targets[sheets[0].get(R + 'id')]
sheet_path = target.lstrip('/') if target.startswith('/') else posixpath.normpath(posixpath.join(posixpath.dirname(book_path), target))
shared = []
for name in z.namelist():
    if name.endswith('sharedStrings.xml'):
        shared = [''.join(t.text or '' for t in si.iter(M + 't')) for si in ET.fromstring(z.read(name)).iter(M + 'si')]
rows = []
root = ET.fromstring(z.read(sheet_path))
elements = list(root.iter(M + 'row'))
for row in elements:
    cells = []
    for c in row.iter(M + 'c'):
        kind = c.get('t')
        if kind == 'inlineStr':
            cells.append(''.join(t.text or '' for t in c.iter(M + 't')))
        elif kind == 's':
            cells.append(shared[int(c.find(M + 'v').text)])
        else:
            v = c.find(M + 'v')
            cells.append(v.text if v is not None else '')
    rows.append(cells)
types = sorted({c.get('t') or 'n' for c in root.iter(M + 'c')})
formulas = len(list(root.iter(M + 'f')))
print(json.dumps({'sheets': [s.get('name') for s in sheets], 'sheetPath': sheet_path, 'rowElements': len(elements), 'rows': rows,
                  'cellTypes': types, 'formulas': formulas}, ensure_ascii=False))
'@
}

# The text of a PDF as poppler's pdftotext extracts it (-layout keeps table rows on one line).
function Get-PdfText {
    param([Parameter(Mandatory)] [string] $Path, [int] $Page, [switch] $Layout)
    $arguments = @()
    if ($Layout) { $arguments += '-layout' }
    if ($Page) { $arguments += '-f', $Page, '-l', $Page }
    # Through a file: piping thousands of lines through PowerShell's pipeline is slow.
    $text = Join-Path ([IO.Path]::GetTempPath()) ("ce-outputs-{0}.txt" -f [guid]::NewGuid())
    try {
        $result = Invoke-OutputsTool pdftotext ($arguments + $Path + $text)
        if ($result.ExitCode -ne 0) { throw "pdftotext could not read '$Path': $($result.Output)" }
        [IO.File]::ReadAllText($text, [Text.Encoding]::UTF8)
    }
    finally { Remove-Item -LiteralPath $text -ErrorAction SilentlyContinue }
}

# The page count poppler's pdfinfo reports.
function Get-PdfPageCount {
    param([Parameter(Mandatory)] [string] $Path)
    $result = Invoke-OutputsTool pdfinfo $Path
    if ($result.ExitCode -ne 0) { throw "pdfinfo could not read '$Path': $($result.Output)" }
    [int] [regex]::Match($result.Output, '(?m)^Pages:\s+(\d+)').Groups[1].Value
}

# SHA-256 by coreutils, lower-case hex.
function Get-Sha256Sum {
    param([Parameter(Mandatory)] [string] $Path)
    $result = Invoke-OutputsTool sha256sum $Path
    if ($result.ExitCode -ne 0) { throw "sha256sum failed on '$Path': $($result.Output)" }
    $result.Output.Substring(0, 64)
}

# Every file under a folder: relative path (with /) → @{ Size; Sha256 } (sha256sum).
function Get-OutputsFolderFiles {
    param([Parameter(Mandatory)] [string] $Folder)
    $root = (Resolve-Path -LiteralPath $Folder).Path
    $files = @{}
    foreach ($file in Get-ChildItem -LiteralPath $root -Recurse -File) {
        $relative = [IO.Path]::GetRelativePath($root, $file.FullName).Replace('\', '/')
        $files[$relative] = @{ Size = $file.Length; Sha256 = Get-Sha256Sum $file.FullName }
    }
    $files
}

# Extracts an archive with 7-Zip (which reads Zip, ZipCrypto and WinZip AES) into a new folder.
function Expand-WithSevenZip {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Destination, [string] $Password)
    $arguments = @('x', '-y', "-o$Destination")
    if ($Password) { $arguments += "-p$Password" }
    $result = Invoke-OutputsTool 7z ($arguments + $Path)
    if ($result.ExitCode -ne 0) { throw "7z could not extract '$Path': $($result.Output)" }
    $Destination
}

# Packs a folder's content into a new ZIP with Info-ZIP's zip (entries relative to the folder).
function Compress-WithInfoZip {
    param([Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $Path)
    Push-Location -LiteralPath $Folder
    try {
        $result = Invoke-OutputsTool zip @('-q', '-r', '-X', $Path, '.')
        if ($result.ExitCode -ne 0) { throw "zip could not pack '$Folder': $($result.Output)" }
    }
    finally { Pop-Location }
    $Path
}

# Flips the bits of one byte of a file (in the middle), so its size stays and its hash changes.
function Edit-OneByte {
    param([Parameter(Mandatory)] [string] $Path)
    $bytes = [IO.File]::ReadAllBytes($Path)
    if ($bytes.Length -eq 0) { throw "'$Path' is empty; there is no byte to change." }
    $index = [int] ($bytes.Length / 2)
    $bytes[$index] = $bytes[$index] -bxor 0xFF
    [IO.File]::WriteAllBytes($Path, $bytes)
}

Export-ModuleMember -Function New-OutputsFolder,
    Invoke-OutputsTool, Invoke-Python, Read-PythonCsv, Read-PythonCsvRecord,
    Read-PythonJson, Read-PythonXlsx, Get-PdfText, Get-PdfPageCount, Get-Sha256Sum, Get-OutputsFolderFiles, Expand-WithSevenZip,
    Compress-WithInfoZip, Edit-OneByte
