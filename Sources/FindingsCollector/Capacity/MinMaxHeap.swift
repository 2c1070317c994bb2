/// A double-ended priority queue (Atkinson et al., 1986): O(1) min and max, O(log n) insert and pop at either end.
///
/// The queue needs both ends at once: the highest-priority record leaves first when sending, the lowest goes
/// first when shedding. Even levels of the implicit tree hold minima of their subtrees, odd levels maxima.
struct MinMaxHeap<Element: Comparable & Sendable>: Sendable {
    private(set) var elements: [Element] = []

    init() {}

    /// Builds a heap of `elements` in O(n) (Floyd's bottom-up construction works level-aware, too).
    init(_ elements: [Element]) {
        self.elements = elements
        for index in stride(from: elements.count / 2 - 1, through: 0, by: -1) {
            trickleDown(index)
        }
    }

    var count: Int { elements.count }
    var isEmpty: Bool { elements.isEmpty }
    var min: Element? { elements.first }
    var max: Element? { maxIndex.map { elements[$0] } }

    mutating func insert(_ element: Element) {
        elements.append(element)
        bubbleUp(elements.count - 1)
    }

    mutating func popMin() -> Element? {
        isEmpty ? nil : remove(at: 0)
    }

    mutating func popMax() -> Element? {
        maxIndex.map { remove(at: $0) }
    }

    // MARK: - Structure

    private var maxIndex: Int? {
        switch elements.count {
        case 0: return nil
        case 1: return 0
        case 2: return 1
        default: return elements[1] < elements[2] ? 2 : 1
        }
    }

    /// Only ever called for the root or one of its children, where trickling down alone restores order:
    /// the replacement cannot be below the root, which is the global minimum.
    private mutating func remove(at index: Int) -> Element {
        let last = elements.removeLast()
        guard index < elements.count else { return last }
        let removed = elements[index]
        elements[index] = last
        trickleDown(index)
        return removed
    }

    private static func isMinLevel(_ index: Int) -> Bool {
        let depth = Int.bitWidth - (index + 1).leadingZeroBitCount - 1
        return depth % 2 == 0
    }

    private static func parent(_ index: Int) -> Int { (index - 1) / 2 }

    private mutating func bubbleUp(_ index: Int) {
        guard index > 0 else { return }
        let parent = Self.parent(index)
        if Self.isMinLevel(index) {
            if elements[parent] < elements[index] {
                elements.swapAt(index, parent)
                bubbleUp(parent, towardsMin: false)
            } else {
                bubbleUp(index, towardsMin: true)
            }
        } else {
            if elements[index] < elements[parent] {
                elements.swapAt(index, parent)
                bubbleUp(parent, towardsMin: true)
            } else {
                bubbleUp(index, towardsMin: false)
            }
        }
    }

    /// Moves an element up its own kind of level (min or max) while it beats its grandparent.
    private mutating func bubbleUp(_ start: Int, towardsMin: Bool) {
        var index = start
        while index > 2 {
            let grandparent = Self.parent(Self.parent(index))
            let beats = towardsMin ? elements[index] < elements[grandparent] : elements[grandparent] < elements[index]
            guard beats else { return }
            elements.swapAt(index, grandparent)
            index = grandparent
        }
    }

    private mutating func trickleDown(_ start: Int) {
        let towardsMin = Self.isMinLevel(start)
        // `precedes(a, b)`: a belongs nearer the top of this kind of level than b.
        let precedes: (Element, Element) -> Bool = towardsMin ? { $0 < $1 } : { $1 < $0 }
        var index = start
        while true {
            let firstChild = 2 * index + 1
            guard firstChild < elements.count else { return }
            // The best among children and grandchildren: indices 2i+1, 2i+2, 4i+3 … 4i+6.
            var best = firstChild
            if firstChild + 1 < elements.count, precedes(elements[firstChild + 1], elements[firstChild]) {
                best = firstChild + 1
            }
            let grandchildren = stride(from: 2 * firstChild + 1, to: Swift.min(2 * firstChild + 5, elements.count), by: 1)
            for candidate in grandchildren where precedes(elements[candidate], elements[best]) {
                best = candidate
            }
            guard precedes(elements[best], elements[index]) else { return }
            elements.swapAt(best, index)
            guard best > firstChild + 1 else { return }   // a child: its subtree holds nothing that can outrank it
            let parent = Self.parent(best)
            if precedes(elements[parent], elements[best]) {
                elements.swapAt(best, parent)
            }
            index = best
        }
    }
}
