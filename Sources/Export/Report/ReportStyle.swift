import Pipeline

/// The report's inline style sheet (system fonts only, nothing fetched).
enum ReportStyle {
  static let css = """
    :root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f8fafc;--accent:#2563eb}
    *{box-sizing:border-box}
    body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
    header.top{background:#111827;color:#f9fafb;padding:14px 28px;display:flex;align-items:baseline;gap:28px;flex-wrap:wrap;position:sticky;top:0;z-index:2}
    header.top h1{margin:0;font-size:20px}
    header.top h1 small{font-weight:400;color:#9ca3af;font-size:14px;margin-left:6px}
    header.top nav a{color:#cbd5e1;text-decoration:none;margin-right:18px;font-size:14px}
    header.top nav a:hover{color:#fff}
    a{color:var(--accent)}
    main{max-width:1120px;margin:0 auto;padding:8px 28px 40px}
    h2{scroll-margin-top:64px;font-size:18px;margin:30px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
    h3{font-size:15px;margin:18px 0 8px}
    .meta,.note,.empty{color:var(--muted);font-size:13px;margin:4px 0 10px}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
    .card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 16px}
    .card b{display:block;font-size:26px;font-variant-numeric:tabular-nums}
    .card span{color:var(--muted);font-size:13px}
    .card.alert b{color:#b91c1c}
    .columns{display:grid;grid-template-columns:1fr 1fr;gap:28px}
    table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line);border-radius:8px;font-size:14px}
    th,td{text-align:left;padding:5px 10px;border-bottom:1px solid var(--line);vertical-align:top}
    th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em}
    .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    td.bar{width:40%}
    td.bar i{display:block;height:10px;margin-top:5px;border-radius:5px;background:#93c5fd}
    .chip{display:inline-block;white-space:nowrap;padding:1px 8px;border-radius:6px;font-size:13px}
    .lbl{font-size:10px;font-weight:700;text-transform:uppercase;margin-left:6px;opacity:.7;letter-spacing:.02em;vertical-align:1px}
    .docgraph{max-width:820px}
    .graphbox,.docgraph{background:#fff;border:1px solid var(--line);border-radius:10px;margin:8px 0}
    svg.graph{display:block;width:100%;height:auto;font-size:12px}
    svg.defs{position:absolute}
    .edge{fill:none;stroke:#9ca3af;stroke-width:1.2}
    .edge-label{fill:#374151;font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
    .node circle{stroke:#374151;stroke-width:1}
    .node text{fill:#111827;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
    ol.toc{columns:3 240px;font-size:13px;padding-left:26px;background:#fff;border:1px solid var(--line);border-radius:10px;padding:10px 10px 10px 36px}
    ol.toc small{color:var(--muted)}
    ol.toc li{break-inside:avoid;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding-right:8px}
    section.doc{scroll-margin-top:64px;background:#fff;border:1px solid var(--line);border-radius:10px;padding:6px 22px 16px;margin:18px 0}
    section.doc h3{font-size:16px;margin-bottom:0;word-break:break-all}
    .text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.95;font-size:15px;border-top:1px solid var(--line);padding-top:8px}
    mark{padding:2px 6px;margin:0 1px;border-radius:6px;color:inherit;box-decoration-break:clone;-webkit-box-decoration-break:clone}
    table.rels{margin-top:12px;font-size:13px}
    table.rels td.rel{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
    td.evidence{line-height:1.9;color:#374151}
    td.evidence mark{padding:1px 4px}
    .legend{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0 0}
    ul.warnings{color:#92400e;font-size:13px}
    footer{color:var(--muted);font-size:12px;text-align:center;padding:20px}
    @media (max-width:760px){.columns{grid-template-columns:1fr}}
    """
}
