//! Hand-computed two-sector cases for the Leontief, type II, Ghosh,
//! linkage and FLQ computations. The base table is Miller & Blair (2009),
//! *Input-Output Analysis*, 2nd ed., §2.3: Z = [[150, 500], [200, 100]],
//! y = [350, 1700], x = [1000, 2000].

use regio_core::Matrix;
use regio_econ::input_output::impact::{to_io_sectors, Concordance, RegionalModel};
use regio_econ::input_output::leontief::{
    linkages, multipliers, technical_coefficients, Ghosh, IoTable, Leontief,
};
use regio_econ::input_output::regionalise::{flq_lambda, regionalise, LqMethod};

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b}");
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn mb() -> IoTable {
    let z = Matrix::from_rows(&[vec![150.0, 500.0], vec![200.0, 100.0]]).unwrap();
    IoTable::new(s(&["1", "2"]), z, vec![350.0, 1700.0], None).unwrap()
}

#[test]
fn leontief_two_sectors() {
    let t = mb();
    // x = rowsum(Z) + y = [650 + 350, 300 + 1700] = [1000, 2000].
    assert_eq!(t.output, vec![1000.0, 2000.0]);
    // A = [[150/1000, 500/2000], [200/1000, 100/2000]] = [[0.15, 0.25], [0.2, 0.05]].
    let a = t.technical_coefficients();
    for (v, e) in a.as_slice().iter().zip([0.15, 0.25, 0.2, 0.05]) {
        close(*v, e, 1e-15);
    }
    // det(I - A) = 0.85 * 0.95 - 0.25 * 0.2 = 0.7575;
    // L = [[0.95, 0.25], [0.2, 0.85]] / 0.7575.
    let m = Leontief::from_table(&t).unwrap();
    let l = m.inverse();
    close(l.get(0, 0), 0.95 / 0.7575, 1e-12);
    close(l.get(0, 1), 0.25 / 0.7575, 1e-12);
    close(l.get(1, 0), 0.2 / 0.7575, 1e-12);
    close(l.get(1, 1), 0.85 / 0.7575, 1e-12);
    // Output multipliers: (0.95 + 0.2)/0.7575 = 1.518152, (0.25 + 0.85)/0.7575 = 1.452145.
    let om = m.output_multipliers();
    close(om[0], 1.15 / 0.7575, 1e-12);
    close(om[1], 1.10 / 0.7575, 1e-12);
    // New final demand y = [600, 1500] (Miller & Blair's example):
    // x1 = (0.95*600 + 0.25*1500)/0.7575 = 945/0.7575 = 1247.52;
    // x2 = (0.2*600 + 0.85*1500)/0.7575 = 1395/0.7575 = 1841.58.
    let x = m.solve(&[600.0, 1500.0]).unwrap();
    close(x[0], 945.0 / 0.7575, 1e-9);
    close(x[1], 1395.0 / 0.7575, 1e-9);
}

#[test]
fn type_i_and_type_ii_multipliers() {
    // Households: income W = [300, 500] → h = W/x = [0.3, 0.25];
    // consumption C = [90, 50] over total income 800 → c = [0.1125, 0.0625].
    // Ā = [[0.15, 0.25, 0.1125], [0.2, 0.05, 0.0625], [0.3, 0.25, 0]].
    // det(I - Ā) = 22459/32000 = 0.70184375; by cofactors, L̄ =
    // [[1.3313148, 0.3962777, 0.1745403],
    //  [0.3116791, 1.1630081, 0.1077519],
    //  [0.4773142, 0.4096353, 1.0793001]].
    let t = mb()
        .with_income(vec![300.0, 500.0])
        .unwrap()
        .with_household_consumption(vec![90.0, 50.0])
        .unwrap()
        .with_employment(vec![10.0, 40.0])
        .unwrap();
    let m = multipliers(&t).unwrap();
    // Type II output (industry rows of L̄): 1.3313148 + 0.3116791 = 1.6429939;
    // 0.3962777 + 1.1630081 = 1.5592858.
    let o2 = m.output.type_ii.as_ref().unwrap();
    close(o2[0], 1.6429938999955473, 1e-12);
    close(o2[1], 1.5592858096976714, 1e-12);
    // Income, type I: simple = 0.3*1.254125 + 0.25*0.264026 = 0.4422442 → /0.3 = 1.4741474;
    // sector 2: 0.3*0.330033 + 0.25*1.122112 = 0.3795380 → /0.25 = 1.5181518.
    let inc = m.income.as_ref().unwrap();
    close(inc.simple[0], 0.44224422442244227, 1e-12);
    close(inc.type_i[0], 1.4741474147414744, 1e-12);
    close(inc.type_i[1], 1.518151815181518, 1e-12);
    // Income, type II: household row of L̄ / h: 0.4773142/0.3 = 1.5910474; 0.4096353/0.25 = 1.6385413.
    let i2 = inc.type_ii.as_ref().unwrap();
    close(i2[0], 1.5910473900589222, 1e-12);
    close(i2[1], 1.6385413420009796, 1e-12);
    // Employment: e = [10/1000, 40/2000] = [0.01, 0.02];
    // simple_1 = 0.01*1.254125 + 0.02*0.264026 = 0.0178218; type I = 1.78218.
    let e = m.employment.as_ref().unwrap();
    close(
        e.simple[0],
        0.01 * 0.95 / 0.7575 + 0.02 * 0.2 / 0.7575,
        1e-14,
    );
    close(
        e.type_i[0],
        (0.01 * 0.95 / 0.7575 + 0.02 * 0.2 / 0.7575) / 0.01,
        1e-12,
    );
    // Type II employment sector 1: (0.01*1.3313148 + 0.02*0.3116791) / 0.01.
    let e2 = e.type_ii.as_ref().unwrap();
    close(
        e2[0],
        (0.01 * 1.331314840375796 + 0.02 * 0.31167905961975156) / 0.01,
        1e-12,
    );
}

#[test]
fn ghosh_and_linkages() {
    let t = mb();
    // B = diag(1/x) Z = [[0.15, 0.5], [0.1, 0.05]]; det(I - B) = 0.85*0.95 - 0.5*0.1 = 0.7575;
    // G = [[0.95, 0.5], [0.1, 0.85]] / 0.7575; row sums 1.45/0.7575, 0.95/0.7575.
    let g = Ghosh::from_table(&t).unwrap();
    let gi = g.inverse();
    close(gi.get(0, 1), 0.5 / 0.7575, 1e-12);
    let fl = g.forward_linkages();
    close(fl[0], 1.45 / 0.7575, 1e-12);
    close(fl[1], 0.95 / 0.7575, 1e-12);
    // Value added v = x - colsum(Z) = [650, 1400]; x' = v'G =
    // [(650*0.95 + 1400*0.1)/0.7575, (650*0.5 + 1400*0.85)/0.7575] = [1000, 2000].
    let x = g.solve(&t.value_added).unwrap();
    close(x[0], 1000.0, 1e-9);
    close(x[1], 2000.0, 1e-9);
    // Rasmussen: sum(L) = 2.25/0.7575; BL = 2 * colsum / sum = [2*1.15/2.25, 2*1.1/2.25]
    // = [1.022222, 0.977778]; FL = 2 * rowsum / sum = [2*1.2/2.25, 2*1.05/2.25] = [1.066667, 0.933333].
    let lk = linkages(&t).unwrap();
    close(lk.backward_index[0], 2.3 / 2.25, 1e-12);
    close(lk.backward_index[1], 2.2 / 2.25, 1e-12);
    close(lk.forward_index[0], 2.4 / 2.25, 1e-12);
    close(lk.forward_index[1], 2.1 / 2.25, 1e-12);
    // Ghosh forward index: 2 * [1.45, 0.95] / 2.4 = [1.208333, 0.791667].
    close(lk.forward_index_ghosh[0], 2.9 / 2.4, 1e-12);
    let tab = regio_econ::input_output::leontief::linkage_table(&lk, Default::default());
    let ks = tab.require("key_sector").unwrap();
    assert_eq!(ks.text(0), "key");
    assert_eq!(ks.text(1), "weak");
    // Direct: column sums of A = [0.35, 0.3], row sums of B = [0.65, 0.15].
    close(lk.direct_backward[0], 0.35, 1e-15);
    close(lk.direct_forward[1], 0.15, 1e-15);
}

#[test]
fn flq_and_aflq_two_sectors() {
    // Region employment [10, 30], nation [100, 100]: E_r/E_n = 40/200 = 0.2;
    // SLQ = [(10/40)/(100/200), (30/40)/(100/200)] = [0.5, 1.5].
    // λ* = log2(1.2)^0.3 = 0.2630344058^0.3 = 0.6698904212.
    let lam = flq_lambda(40.0, 200.0, 0.3).unwrap();
    close(lam, 0.6698904212072138, 1e-15);
    let a = technical_coefficients(
        &Matrix::from_rows(&[vec![150.0, 500.0], vec![200.0, 100.0]]).unwrap(),
        &[1000.0, 2000.0],
    );
    let (reg, nat) = ([10.0, 30.0], [100.0, 100.0]);
    // CILQ = [[SLQ_1, 0.5/1.5], [1.5/0.5, SLQ_2]] = [[0.5, 1/3], [3, 1.5]].
    // FLQ = λ* CILQ = [[0.33495, 0.22330], [2.00967, 1.00484]]; capped at 1:
    // R = [[0.15*0.33495, 0.25*0.22330], [0.2, 0.05]].
    let r = regionalise(&a, &reg, &nat, LqMethod::Flq { delta: 0.3 }).unwrap();
    close(r.get(0, 0), 0.15 * 0.5 * lam, 1e-15);
    close(r.get(0, 1), 0.25 * lam / 3.0, 1e-15);
    close(r.get(1, 0), 0.2, 1e-15);
    close(r.get(1, 1), 0.05, 1e-15);
    // SLQ: row 1 scaled by 0.5, row 2 (SLQ 1.5) kept.
    let r = regionalise(&a, &reg, &nat, LqMethod::Slq).unwrap();
    close(r.get(0, 1), 0.125, 1e-15);
    close(r.get(1, 1), 0.05, 1e-15);
    // CILQ: (0,1) = 0.25 * 1/3; (1,0) capped: 0.2.
    let r = regionalise(&a, &reg, &nat, LqMethod::Cilq).unwrap();
    close(r.get(0, 1), 0.25 / 3.0, 1e-15);
    close(r.get(1, 0), 0.2, 1e-15);
    // AFLQ: SLQ_2 = 1.5 > 1 → column 2 times log2(2.5) = 1.3219281:
    // (0,1) = 0.25 * 0.22330 * 1.3219281 = 0.0737966; (1,1) = 1.00484*1.32 > 1 → 0.05.
    let r = regionalise(&a, &reg, &nat, LqMethod::Aflq { delta: 0.3 }).unwrap();
    close(r.get(0, 1), 0.25 * lam / 3.0 * 2.5f64.log2(), 1e-15);
    close(r.get(1, 1), 0.05, 1e-15);
    close(r.get(0, 0), 0.15 * 0.5 * lam, 1e-15);
}

#[test]
fn regional_impact_and_concordance() {
    let t = mb();
    // Data industries a, b → sector 1; c → sector 2.
    let conc = Concordance::from_pairs([
        ("a".to_string(), "1".to_string()),
        ("b".to_string(), "1".to_string()),
        ("c".to_string(), "2".to_string()),
    ])
    .unwrap();
    let inds = s(&["a", "b", "c"]);
    let reg = to_io_sectors(&inds, &[4.0, 6.0, 30.0], &t.sectors, &conc).unwrap();
    let nat = to_io_sectors(&inds, &[50.0, 50.0, 100.0], &t.sectors, &conc).unwrap();
    assert_eq!(reg, vec![10.0, 30.0]);
    assert_eq!(nat, vec![100.0, 100.0]);
    let rm = RegionalModel::new(&t, "r", &reg, &nat, LqMethod::Flq { delta: 0.3 }).unwrap();
    // R from the FLQ test: [[0.075 λ, 0.25 λ/3], [0.2, 0.05]] with λ = 0.6698904212.
    // 100 into sector 2: x = (I - R)^-1 [0, 100]; with det = (1 - 0.075λ)(0.95) - (0.25λ/3)(0.2),
    // x1 = 100 * (0.25λ/3) / det, x2 = 100 * (1 - 0.075λ) / det.
    let lam = 0.6698904212072138;
    let det = (1.0 - 0.075 * lam) * 0.95 - (0.25 * lam / 3.0) * 0.2;
    let im = rm.invest("2", 100.0).unwrap();
    close(im.output[0], 100.0 * (0.25 * lam / 3.0) / det, 1e-10);
    close(im.output[1], 100.0 * (1.0 - 0.075 * lam) / det, 1e-10);
    // Value added per unit output: [650/1000, 1400/2000] = [0.65, 0.7].
    close(im.value_added[1], 0.7 * im.output[1], 1e-12);
    // Jobs per unit output from national employment / x: [100/1000, 100/2000].
    close(
        im.employment.as_ref().unwrap()[0],
        0.1 * im.output[0],
        1e-12,
    );
    // An industry outside the IO classification asks for a concordance.
    let e = to_io_sectors(&s(&["a", "zz"]), &[1.0, 1.0], &t.sectors, &conc)
        .unwrap_err()
        .to_string();
    assert!(e.contains("zz") && e.contains("concordance"), "{e}");
    let e = rm.invest("C26", 1.0).unwrap_err().to_string();
    assert!(e.contains("C26") && e.contains("concordance"), "{e}");
    // A concordance naming a sector the table lacks.
    let bad = Concordance::from_pairs([("a".to_string(), "9".to_string())]).unwrap();
    assert!(to_io_sectors(&s(&["a"]), &[1.0], &t.sectors, &bad).is_err());
}

#[test]
fn bad_tables() {
    // Negative Z names the seller and buyer.
    let z = Matrix::from_rows(&[vec![1.0, -2.0], vec![0.0, 1.0]]).unwrap();
    let e = IoTable::new(s(&["agri", "manu"]), z, vec![1.0, 1.0], None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("-2") && e.contains("agri") && e.contains("manu"),
        "{e}"
    );
    // Non-square.
    let z = Matrix::from_rows(&[vec![1.0, 2.0]]).unwrap();
    assert!(IoTable::new(s(&["a", "b"]), z, vec![1.0, 1.0], None).is_err());
    // Intermediate inputs exceed output in sector "manu": x given as [10, 5],
    // column 2 sums to (3 + 4)/5 = 1.4 ≥ 1.
    let z = Matrix::from_rows(&[vec![1.0, 3.0], vec![1.0, 4.0]]).unwrap();
    let t = IoTable::new(
        s(&["agri", "manu"]),
        z,
        vec![1.0, 1.0],
        Some(vec![10.0, 5.0]),
    )
    .unwrap();
    let e = Leontief::from_table(&t).unwrap_err().to_string();
    assert!(
        e.contains("manu") && e.contains("1.4") && !e.contains("agri"),
        "{e}"
    );
    // Singular I - A (column sums exactly 1): A = [[0.5, 0.5], [0.5, 0.5]].
    let a = Matrix::from_rows(&[vec![0.5, 0.5], vec![0.5, 0.5]]).unwrap();
    let e = Leontief::new(s(&["p", "q"]), a).unwrap_err().to_string();
    assert!(e.contains("p (") && e.contains("q ("), "{e}");
    // Type II without household data.
    let t = mb().with_income(vec![1.0, 1.0]).unwrap();
    assert!(multipliers(&t).unwrap().output.type_ii.is_none());
}
