using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ConversationExport.Engine.Output.Xlsx;

/// <summary>
/// Writes one worksheet row by row with the Open XML SDK's forward-only writer, so a list of a
/// million conversations never sits in memory. Cells are inline strings: no shared-string table
/// to build, and a value like "=1+1" stays text (Excel evaluates nothing).
/// </summary>
public sealed class XlsxTableWriter : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlWriter _writer;
    private readonly int _columns;
    private bool _completed;

    public XlsxTableWriter(string path, string sheetName, IReadOnlyList<string> columns)
    {
        _columns = columns.Count;
        _document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = _document.AddWorkbookPart();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        _writer = OpenXmlWriter.Create(sheet);
        _writer.WriteStartElement(new Worksheet());
        _writer.WriteStartElement(new SheetData());
        WriteRow(columns);

        workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = sheetName.Length > 31 ? sheetName[..31] : sheetName, SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
    }

    public void AddRow(IReadOnlyList<string> cells)
    {
        if (cells.Count != _columns) throw new ArgumentException($"A row has {cells.Count} cells; the table has {_columns} columns.", nameof(cells));
        WriteRow(cells);
    }

    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        _writer.WriteEndElement(); // SheetData
        _writer.WriteEndElement(); // Worksheet
        _writer.Close();
        _document.Dispose();
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _writer.Dispose();
            _document.Dispose();
        }
    }

    private void WriteRow(IEnumerable<string> cells)
    {
        _writer.WriteStartElement(new Row());
        foreach (var text in cells)
        {
            // XML 1.0 cannot carry most control characters; Excel would refuse the whole file.
            var safe = new string(text.Where(c => c is '\t' or '\n' or '\r' || !char.IsControl(c)).ToArray());
            _writer.WriteElement(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(safe) { Space = SpaceProcessingModeValues.Preserve }) });
        }
        _writer.WriteEndElement();
    }
}
