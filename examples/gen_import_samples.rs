//! Writes the sample server files of `tests/fixtures/import/` (committed, so that tests read
//! real files): a Shift_JIS (CP932) ledger with Japanese headers, an Excel ledger, an RVTools
//! workbook (vInfo, vCPU, vHost, vMemory) and RVTools' per-tab CSV export (vInfo, vHost).
//! The servers are invented for the tests. Run: `cargo run --example gen_import_samples`.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::path::Path;

/// A cell of a sample sheet.
enum C {
    S(&'static str),
    N(f64),
    B(bool),
    Date(u16, u8, u8),
    Empty,
}
use C::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    std::fs::create_dir_all(&dir)?;
    // Excel on Windows saves "CSV (comma delimited)" in CP932 with CRLF line ends.
    let crlf = LEDGER_CSV.replace('\n', "\r\n");
    let (cp932, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&crlf);
    assert!(!unmappable, "the ledger must be representable in CP932");
    std::fs::write(dir.join("ledger-cp932.csv"), &cp932)?;
    workbook(&dir.join("ledger.xlsx"), &[("台帳", ledger_xlsx())])?;
    workbook(
        &dir.join("rvtools.xlsx"),
        &[
            ("vInfo", rv_vinfo()),
            ("vCPU", rv_vcpu()),
            ("vMemory", rv_vmemory()),
            ("vHost", rv_vhost()),
        ],
    )?;
    std::fs::write(dir.join("RVTools_tabvInfo.csv"), RV_VINFO_CSV)?;
    std::fs::write(dir.join("RVTools_tabvHost.csv"), RV_VHOST_CSV)?;
    println!("wrote the samples to {}", dir.display());
    Ok(())
}

fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date, so that the files only change when their content does.
    let created = ExcelDateTime::from_ymd(2019, 4, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("yyyy/mm/dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name)?;
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    S(s) => ws.write_string(r, c, *s).map(|_| ())?,
                    N(n) => ws.write_number(r, c, *n).map(|_| ())?,
                    B(b) => ws.write_boolean(r, c, *b).map(|_| ())?,
                    Date(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d)?;
                        ws.write_datetime_with_format(r, c, &dt, &date).map(|_| ())?
                    }
                    Empty => {}
                }
            }
        }
    }
    wb.save(path)
}

/// A city's server ledger as CSV (written in CP932): a title line, Japanese headers, values as
/// people type them (units, full-width digits, era years, 千円), columns the tool does not use,
/// an out-of-scope row, a blank row and a total row.
const LEDGER_CSV: &str = "\
サーバ台帳（令和元年度末現在）,,,,,,,,,,,,,,,,
No,サーバ名,業務名,所管課,ネットワーク区分,CPUコア数,メモリ(GB),ディスク容量,CPU使用率,更新予定年度,年間保守費(千円),更新費用,消費電力(W),冗長グループ,BCP,集約対象,備考,設置場所,OS
1,jumin-ap-01,住民記録,市民課,マイナンバー利用事務系,12,48GB,400GB,25%,H30,177,\"2,210,000\",298,jumin-ap,○,○,,本庁舎,Windows Server 2012 R2
2,jumin-ap-02,住民記録,市民課,マイナンバー利用事務系,12,48GB,400GB,25%,平成30年度,177,\"2,210,000\",298,jumin-ap,○,○,,本庁舎,Windows Server 2012 R2
3,jumin-db-01,住民記録,市民課,基幹系,2×8,192GB,2TB,52%,2018年度,255,\"¥3,190,000\",386,,○,○,,本庁舎,Red Hat Enterprise Linux 6
4,zeimu-ap,市県民税,市民税課,マイナンバー系,８,２４,400,３６％,H31,150,188万円,246,,,○,,本庁舎,Windows Server 2012 R2
5,zeimu-db,市県民税,市民税課,個人番号利用事務系,16,64,1.5TB,47,R1,262,\"3,270,000\",437,,,○,,本庁舎,Red Hat Enterprise Linux 6
6,bunsho-ap,文書管理,総務課,LGWAN接続系,8,32,2000,20,FY2019,50,\"1,000,000\",200,,,○,,本庁舎,Windows Server 2012 R2
7,bunsho-db,文書管理,総務課,ＬＧＷＡＮ系,8,64GB,1000GB,35,令和元年度,150,\"2,000,000\",330,,,○,,本庁舎,Windows Server 2012 R2
8,zaimu-ap,財務会計,会計課,情報系,8,32,500,30,2020,150,\"1,900,000\",250,,,○,,本庁舎,Windows Server 2012 R2
9,mail-gw,メール中継,情報政策課,インターネット接続系,4,16,300,15,R2,80,\"1,300,000\",180,,,○,,本庁舎,CentOS 7
10,web-cms,ホームページ,広報課,インターネット系,4,16,200,20,令和2年度,80,\"1,300,000\",180,,,○,,本庁舎,CentOS 7
11,byoin-01,病院情報,市民病院,LGWAN接続系,16,128,4000,40,H30,400,\"5,000,000\",500,,,×,市民病院が別途更新,病院,Windows Server 2008 R2
,,,,,,,,,,,,,,,,
,合計,,,,,,,,,\"1,931\",,,,,,,,
";

/// An Excel ledger with English headers in another order, numbers as numbers, a date in the
/// renewal column, and columns the tool does not use.
fn ledger_xlsx() -> Vec<Vec<C>> {
    vec![
        vec![S("Server ledger — branch offices"), Empty, Empty],
        vec![],
        vec![
            S("Host name"),
            S("Zone"),
            S("System"),
            S("Cores"),
            S("Memory (GB)"),
            S("Storage (TB)"),
            S("Peak CPU %"),
            S("Renewal"),
            S("Maintenance"),
            S("Renewal cost"),
            S("Org"),
            S("Serial number"),
            S("Vendor"),
        ],
        vec![
            S("shisho-file-01"),
            S("LGWAN"),
            S("ファイル共有"),
            N(8.0),
            N(32.0),
            N(4.0),
            N(15.0),
            N(2019.0),
            N(120000.0),
            N(1500000.0),
            S("総務課"),
            S("SN-00121"),
            S("Fujitsu"),
        ],
        vec![
            S("shisho-file-02"),
            S("LGWAN"),
            S("ファイル共有"),
            N(8.0),
            N(32.0),
            N(4.0),
            N(15.0),
            S("R1"),
            N(120000.0),
            N(1500000.0),
            S("総務課"),
            S("SN-00122"),
            S("Fujitsu"),
        ],
        vec![
            S("shisho-print"),
            S("lgwan"),
            S("印刷管理"),
            N(4.0),
            S("16GB"),
            N(0.5),
            N(10.0),
            Date(2020, 3, 31),
            N(60000.0),
            N(900000.0),
            S("総務課"),
            S("SN-00130"),
            S("NEC"),
        ],
        vec![
            S("gakko-web"),
            S("インターネット"),
            S("学校ホームページ"),
            N(4.0),
            N(8.0),
            N(0.2),
            Empty,
            S("FY2020"),
            N(50000.0),
            N(800000.0),
            S("教育委員会"),
            S("SN-00140"),
            S("NEC"),
        ],
    ]
}

fn rv_vinfo() -> Vec<Vec<C>> {
    let h = [
        "VM",
        "Powerstate",
        "Template",
        "CPUs",
        "Memory",
        "NICs",
        "Disks",
        "Provisioned MiB",
        "In Use MiB",
        "Host",
        "Cluster",
        "Datacenter",
        "Annotation",
        "OS according to the configuration file",
    ];
    let vm = |name, power, template, cpus: f64, mem: f64, prov: f64, host, cluster, note| {
        vec![
            S(name),
            S(power),
            B(template),
            N(cpus),
            N(mem),
            N(1.0),
            N(1.0),
            N(prov),
            N(prov / 2.0),
            S(host),
            S(cluster),
            S("本庁DC"),
            S(note),
            S("Microsoft Windows Server 2016 (64-bit)"),
        ]
    };
    vec![
        h.iter().map(|s| S(s)).collect(),
        vm(
            "lg-portal",
            "poweredOn",
            false,
            4.0,
            16384.0,
            204800.0,
            "esx01.city.local",
            "LGWAN接続系",
            "庁内ポータル",
        ),
        vm(
            "lg-groupware",
            "poweredOn",
            false,
            8.0,
            32768.0,
            512000.0,
            "esx01.city.local",
            "LGWAN接続系",
            "グループウェア",
        ),
        vm(
            "lg-av-mgr",
            "poweredOn",
            false,
            2.0,
            8192.0,
            102400.0,
            "esx02.city.local",
            "LGWAN接続系",
            "",
        ),
        vm(
            "lg-old-test",
            "poweredOff",
            false,
            2.0,
            4096.0,
            51200.0,
            "esx02.city.local",
            "LGWAN接続系",
            "旧テスト環境",
        ),
        vm(
            "tpl-win2016",
            "poweredOff",
            true,
            2.0,
            4096.0,
            61440.0,
            "esx02.city.local",
            "LGWAN接続系",
            "template",
        ),
        vm(
            "net-proxy",
            "poweredOn",
            false,
            4.0,
            8192.0,
            102400.0,
            "esx11.city.local",
            "インターネット接続系",
            "Web プロキシ",
        ),
        vm(
            "net-mail",
            "poweredOn",
            false,
            4.0,
            16384.0,
            307200.0,
            "esx11.city.local",
            "インターネット接続系",
            "メール",
        ),
    ]
}

/// Per-VM CPU for some VMs only (the others fall back to their host's utilisation).
fn rv_vcpu() -> Vec<Vec<C>> {
    vec![
        vec![
            S("VM"),
            S("Powerstate"),
            S("Template"),
            S("CPUs"),
            S("Sockets"),
            S("Cores p/s"),
            S("Max"),
            S("Overall"),
            S("Level"),
        ],
        vec![
            S("lg-portal"),
            S("poweredOn"),
            B(false),
            N(4.0),
            N(1.0),
            N(4.0),
            N(9600.0),
            N(2400.0),
            S("normal"),
        ],
        vec![
            S("lg-groupware"),
            S("poweredOn"),
            B(false),
            N(8.0),
            N(2.0),
            N(4.0),
            N(19200.0),
            N(7680.0),
            S("normal"),
        ],
        vec![
            S("net-mail"),
            S("poweredOn"),
            B(false),
            N(4.0),
            N(1.0),
            N(4.0),
            N(9600.0),
            N(960.0),
            S("normal"),
        ],
    ]
}

fn rv_vmemory() -> Vec<Vec<C>> {
    vec![
        vec![S("VM"), S("Powerstate"), S("Template"), S("Size MiB"), S("Consumed"), S("Active")],
        vec![S("lg-portal"), S("poweredOn"), B(false), N(16384.0), N(12000.0), N(3000.0)],
    ]
}

fn rv_vhost() -> Vec<Vec<C>> {
    vec![
        vec![
            S("Host"),
            S("Datacenter"),
            S("Cluster"),
            S("CPU Model"),
            S("Speed"),
            S("# CPU"),
            S("Cores per CPU"),
            S("# Cores"),
            S("CPU usage %"),
            S("# Memory"),
            S("Memory usage %"),
        ],
        vec![
            S("esx01.city.local"),
            S("本庁DC"),
            S("LGWAN接続系"),
            S("Intel(R) Xeon(R) Gold 6130"),
            N(2400.0),
            N(2.0),
            N(16.0),
            N(32.0),
            N(38.0),
            N(393216.0),
            N(61.0),
        ],
        vec![
            S("esx02.city.local"),
            S("本庁DC"),
            S("LGWAN接続系"),
            S("Intel(R) Xeon(R) Gold 6130"),
            N(2400.0),
            N(2.0),
            N(16.0),
            N(32.0),
            N(22.0),
            N(393216.0),
            N(48.0),
        ],
        vec![
            S("esx11.city.local"),
            S("本庁DC"),
            S("インターネット接続系"),
            S("Intel(R) Xeon(R) Silver 4110"),
            N(2100.0),
            N(2.0),
            N(8.0),
            N(16.0),
            N(17.0),
            N(196608.0),
            N(40.0),
        ],
    ]
}

/// RVTools' per-tab CSV export (the newer header style, tab name in front of each column).
const RV_VINFO_CSV: &str = "\
vInfoVMName,vInfoPowerstate,vInfoTemplate,vInfoCPUs,vInfoMemory,vInfoNICs,vInfoProvisioned,vInfoInUse,vInfoHost,vInfoCluster,vInfoDataCenter,vInfoAnnotation,vInfoOS
\"my-jukinet-gw\",\"poweredOn\",\"False\",\"2\",\"8192\",\"2\",\"102400\",\"40960\",\"esx21.city.local\",\"Cluster-MyNumber\",\"本庁DC\",\"住基ネット連携\",\"Microsoft Windows Server 2016 (64-bit)\"
\"my-bango-ap\",\"poweredOn\",\"False\",\"4\",\"16384\",\"1\",\"204800\",\"81920\",\"esx21.city.local\",\"Cluster-MyNumber\",\"本庁DC\",\"番号連携\",\"Microsoft Windows Server 2016 (64-bit)\"
\"my-bango-old\",\"poweredOff\",\"False\",\"4\",\"16384\",\"1\",\"204800\",\"81920\",\"esx22.city.local\",\"Cluster-MyNumber\",\"本庁DC\",\"番号連携（旧）\",\"Microsoft Windows Server 2012 R2 (64-bit)\"
\"tpl-rhel7\",\"poweredOff\",\"True\",\"2\",\"4096\",\"1\",\"40960\",\"20480\",\"esx22.city.local\",\"Cluster-MyNumber\",\"本庁DC\",\"\",\"Red Hat Enterprise Linux 7 (64-bit)\"
";

const RV_VHOST_CSV: &str = "\
vHostName,vHostDatacenter,vHostCluster,vHostCpuModel,vHostSpeed,vHostNumCpu,vHostCoresPerCPU,vHostNumCpuCores,vHostCpuUsage,vHostMemoryUsage
\"esx21.city.local\",\"本庁DC\",\"Cluster-MyNumber\",\"Intel(R) Xeon(R) Gold 6130\",\"2400\",\"2\",\"16\",\"32\",\"31\",\"55\"
\"esx22.city.local\",\"本庁DC\",\"Cluster-MyNumber\",\"Intel(R) Xeon(R) Gold 6130\",\"2400\",\"2\",\"16\",\"32\",\"12\",\"30\"
";
