import Foundation
import Stages

/// Weighted L2-regularised logistic regression fitted by Newton's method (exact, no learning
/// rate, no randomness: the same rows give the same weights bit for bit).
///
/// Columns are standardised (mean 0, standard deviation 1 over the rows) for the fit, and the
/// weights mapped back to raw feature values, so the model is one dot product at run time.
struct LogisticFit {
  /// Rows back to back, `columns` values each.
  var values: [Double]
  var columns: Int
  var labels: [Double]
  var weights: [Double]
  /// L2 penalty on the standardised weights (not on the bias).
  var l2: Double
  var iterations: Int

  func fit() -> LogisticLayer {
    let rows = labels.count
    let width = columns + 1
    guard rows > 0 else {
      return LogisticLayer(bias: 0, weights: Array(repeating: 0, count: columns))
    }
    var mean = [Double](repeating: 0, count: columns)
    var scale = [Double](repeating: 1, count: columns)
    for row in 0..<rows {
      for column in 0..<columns { mean[column] += values[row * columns + column] }
    }
    for column in 0..<columns { mean[column] /= Double(rows) }
    var variance = [Double](repeating: 0, count: columns)
    for row in 0..<rows {
      for column in 0..<columns {
        let delta = values[row * columns + column] - mean[column]
        variance[column] += delta * delta
      }
    }
    for column in 0..<columns {
      let deviation = (variance[column] / Double(rows)).squareRoot()
      scale[column] = deviation > 1e-9 ? 1 / deviation : 0
    }
    // The standardised design with a leading 1 for the bias.
    var design = [Double](repeating: 0, count: rows * width)
    for row in 0..<rows {
      design[row * width] = 1
      for column in 0..<columns {
        design[row * width + 1 + column] =
          (values[row * columns + column] - mean[column]) * scale[column]
      }
    }
    var beta = [Double](repeating: 0, count: width)
    var loss = self.loss(design, width: width, beta: beta)
    for _ in 0..<iterations {
      let (gradient, hessian) = derivatives(design, width: width, beta: beta)
      guard let step = Self.solve(hessian, gradient, size: width) else { break }
      var factor = 1.0
      var improved = false
      for _ in 0..<12 {
        let candidate = zip(beta, step).map { $0 - factor * $1 }
        let candidateLoss = self.loss(design, width: width, beta: candidate)
        if candidateLoss <= loss {
          improved = loss - candidateLoss > 1e-10 * max(1, abs(loss))
          beta = candidate
          loss = candidateLoss
          break
        }
        factor /= 2
      }
      if !improved { break }
    }
    var bias = beta[0]
    var raw = [Double](repeating: 0, count: columns)
    for column in 0..<columns {
      raw[column] = beta[column + 1] * scale[column]
      bias -= raw[column] * mean[column]
    }
    return LogisticLayer(bias: bias, weights: raw)
  }

  private func loss(_ design: [Double], width: Int, beta: [Double]) -> Double {
    var total = 0.0
    for row in 0..<labels.count {
      var z = 0.0
      for column in 0..<width { z += design[row * width + column] * beta[column] }
      // log(1 + exp(-z)) for y = 1, log(1 + exp(z)) for y = 0, computed stably.
      let signed = labels[row] > 0.5 ? -z : z
      total += weights[row] * (signed > 0 ? signed + log1p(exp(-signed)) : log1p(exp(signed)))
    }
    for column in 1..<width { total += 0.5 * l2 * beta[column] * beta[column] }
    return total
  }

  private func derivatives(_ design: [Double], width: Int, beta: [Double]) -> (
    gradient: [Double], hessian: [Double]
  ) {
    var gradient = [Double](repeating: 0, count: width)
    var hessian = [Double](repeating: 0, count: width * width)
    design.withUnsafeBufferPointer { x in
      hessian.withUnsafeMutableBufferPointer { h in
        for row in 0..<labels.count {
          let base = row * width
          var z = 0.0
          for column in 0..<width { z += x[base + column] * beta[column] }
          let p = 1 / (1 + exp(-z))
          let residual = weights[row] * (p - labels[row])
          let curvature = weights[row] * p * (1 - p)
          for a in 0..<width {
            gradient[a] += residual * x[base + a]
            let scaled = curvature * x[base + a]
            if scaled == 0 { continue }
            for b in a..<width { h[a * width + b] += scaled * x[base + b] }
          }
        }
      }
    }
    for a in 0..<width {
      for b in 0..<a { hessian[a * width + b] = hessian[b * width + a] }
    }
    for column in 1..<width {
      gradient[column] += l2 * beta[column]
      hessian[column * width + column] += l2
    }
    hessian[0] += 1e-9
    return (gradient, hessian)
  }

  /// Solves `matrix · x = vector` for a symmetric positive-definite matrix (Cholesky).
  static func solve(_ matrix: [Double], _ vector: [Double], size: Int) -> [Double]? {
    var lower = [Double](repeating: 0, count: size * size)
    for i in 0..<size {
      for j in 0...i {
        var sum = matrix[i * size + j]
        for k in 0..<j { sum -= lower[i * size + k] * lower[j * size + k] }
        if i == j {
          guard sum > 0 else { return nil }
          lower[i * size + i] = sum.squareRoot()
        } else {
          lower[i * size + j] = sum / lower[j * size + j]
        }
      }
    }
    var y = [Double](repeating: 0, count: size)
    for i in 0..<size {
      var sum = vector[i]
      for k in 0..<i { sum -= lower[i * size + k] * y[k] }
      y[i] = sum / lower[i * size + i]
    }
    var x = [Double](repeating: 0, count: size)
    for i in stride(from: size - 1, through: 0, by: -1) {
      var sum = y[i]
      for k in (i + 1)..<size { sum -= lower[k * size + i] * x[k] }
      x[i] = sum / lower[i * size + i]
    }
    return x
  }
}
